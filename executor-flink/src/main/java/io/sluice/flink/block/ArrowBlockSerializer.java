package io.sluice.flink.block;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Flink's wire and state format for {@link ArrowBlock}s: row count, byte length, the IPC bytes. No
 * Kryo, no per-row work: a block is one length-prefixed byte array. Stateless, so one instance
 * serves every thread; blocks are immutable, so copies share their bytes.
 */
public final class ArrowBlockSerializer extends TypeSerializer<ArrowBlock> {

  public static final ArrowBlockSerializer INSTANCE = new ArrowBlockSerializer();
  private static final long serialVersionUID = 1L;

  @Override
  public boolean isImmutableType() {
    return true;
  }

  @Override
  public TypeSerializer<ArrowBlock> duplicate() {
    return this;
  }

  @Override
  public ArrowBlock createInstance() {
    return new ArrowBlock(new byte[0], 0);
  }

  @Override
  public ArrowBlock copy(ArrowBlock from) {
    return from;
  }

  @Override
  public ArrowBlock copy(ArrowBlock from, ArrowBlock reuse) {
    return from;
  }

  @Override
  public int getLength() {
    return -1;
  }

  @Override
  public void serialize(ArrowBlock block, DataOutputView target) throws IOException {
    target.writeInt(block.rows());
    target.writeInt(block.ipc().length);
    target.write(block.ipc());
  }

  @Override
  public ArrowBlock deserialize(DataInputView source) throws IOException {
    int rows = source.readInt();
    byte[] ipc = new byte[source.readInt()];
    source.readFully(ipc);
    return new ArrowBlock(ipc, rows);
  }

  @Override
  public ArrowBlock deserialize(ArrowBlock reuse, DataInputView source) throws IOException {
    return deserialize(source);
  }

  @Override
  public void copy(DataInputView source, DataOutputView target) throws IOException {
    target.writeInt(source.readInt());
    int length = source.readInt();
    target.writeInt(length);
    target.write(source, length);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ArrowBlockSerializer;
  }

  @Override
  public int hashCode() {
    return ArrowBlockSerializer.class.hashCode();
  }

  @Override
  public TypeSerializerSnapshot<ArrowBlock> snapshotConfiguration() {
    return new Snapshot();
  }

  /** The serializer has no configuration: any snapshot restores the singleton. */
  public static final class Snapshot extends SimpleTypeSerializerSnapshot<ArrowBlock> {
    public Snapshot() {
      super(() -> INSTANCE);
    }
  }
}
