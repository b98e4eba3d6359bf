package io.sluice.flink.source;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.Serializable;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * Java serialization for values the SPI already requires to be {@link Serializable} (read tasks,
 * task write results). Classes resolve through the thread's context class loader, which Flink sets
 * to the job's user-code loader, so connector classes shipped with the job are found.
 */
public final class JavaSerializer<T extends Serializable> implements SimpleVersionedSerializer<T> {

  @Override
  public int getVersion() {
    return 1;
  }

  @Override
  public byte[] serialize(T value) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(value);
    }
    return bytes.toByteArray();
  }

  @Override
  @SuppressWarnings("unchecked")
  public T deserialize(int version, byte[] serialized) throws IOException {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(serialized)) {
          @Override
          protected Class<?> resolveClass(ObjectStreamClass desc)
              throws IOException, ClassNotFoundException {
            try {
              return Class.forName(desc.getName(), false, loader);
            } catch (ClassNotFoundException e) {
              return super.resolveClass(desc);
            }
          }
        }) {
      return (T) in.readObject();
    } catch (ClassNotFoundException e) {
      throw new IOException(
          "cannot deserialize: class " + e.getMessage() + " is not on the job's classpath", e);
    }
  }
}
