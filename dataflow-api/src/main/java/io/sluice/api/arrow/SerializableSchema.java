package io.sluice.api.arrow;

import java.io.Serializable;
import java.nio.ByteBuffer;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * An Arrow {@link Schema} that survives Java serialization (read tasks and operator factories
 * travel to workers). Stored as the Arrow IPC schema message, which, unlike Arrow's JSON form,
 * keeps extension types such as {@code arrow.uuid}. Immutable and thread-safe.
 */
public final class SerializableSchema implements Serializable {

  private static final long serialVersionUID = 1L;

  static {
    ExtensionTypes.register();
  }

  private final byte[] message;
  private transient volatile Schema schema;

  private SerializableSchema(Schema schema) {
    this.message = schema.serializeAsMessage();
    this.schema = schema;
  }

  /** Null for null. */
  public static SerializableSchema of(Schema schema) {
    return schema == null ? null : new SerializableSchema(schema);
  }

  public Schema get() {
    Schema s = schema;
    if (s == null) {
      s = Schema.deserializeMessage(ByteBuffer.wrap(message));
      schema = s;
    }
    return s;
  }

  @Override
  public String toString() {
    return get().toString();
  }
}
