package io.sluice.flink.block;

import io.sluice.api.arrow.Batches;
import io.sluice.api.arrow.ExtensionTypes;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.ipc.ArrowStreamReader;
import org.apache.arrow.vector.ipc.ArrowStreamWriter;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * One Arrow record batch as it travels between Flink operators: its Arrow IPC stream bytes (schema
 * plus one batch), so Flink moves a byte array per block and never a Java object per row.
 * Immutable; the bytes are not copied, so callers must not change the array they pass in or get
 * back.
 */
@TypeInfo(ArrowBlockTypeInfoFactory.class)
public final class ArrowBlock {

  static {
    ExtensionTypes.register();
  }

  private final byte[] ipc;
  private final int rows;

  public ArrowBlock(byte[] ipc, int rows) {
    this.ipc = ipc;
    this.rows = rows;
  }

  /** Encodes {@code batch} (which stays the caller's). */
  public static ArrowBlock encode(VectorSchemaRoot batch) {
    ByteArrayOutputStream out =
        new ByteArrayOutputStream(
            (int) Math.min(Integer.MAX_VALUE - 64, Batches.bytes(batch) + 1024));
    try (ArrowStreamWriter writer = new ArrowStreamWriter(batch, null, Channels.newChannel(out))) {
      writer.start();
      writer.writeBatch();
      writer.end();
    } catch (IOException e) {
      throw new UncheckedIOException(
          "encoding a batch of " + batch.getRowCount() + " rows as Arrow IPC", e);
    }
    return new ArrowBlock(out.toByteArray(), batch.getRowCount());
  }

  /** Decodes a new batch under {@code allocator}; the caller closes it. */
  public VectorSchemaRoot decode(BufferAllocator allocator) {
    try (ArrowStreamReader reader =
        new ArrowStreamReader(new ByteArrayInputStream(ipc), allocator)) {
      if (!reader.loadNextBatch()) {
        throw new IllegalStateException("an Arrow IPC block of " + rows + " rows holds no batch");
      }
      return Batches.transfer(reader.getVectorSchemaRoot(), allocator);
    } catch (IOException e) {
      throw new UncheckedIOException("decoding an Arrow IPC block of " + rows + " rows", e);
    }
  }

  public byte[] ipc() {
    return ipc;
  }

  public int rows() {
    return rows;
  }

  @Override
  public String toString() {
    return "ArrowBlock[" + rows + " rows, " + ipc.length + " bytes]";
  }
}
