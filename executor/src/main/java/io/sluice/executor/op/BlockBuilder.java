package io.sluice.executor.op;

import io.sluice.api.arrow.Batches;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * A task's output buffer: collects the batches a task produces and emits a block whenever the
 * buffer passes the target block size, so one huge input never becomes one huge block. Batches
 * larger than the target are cut into slices (sharing buffers); batches of at least half the
 * target, or of {@link #PASS_BYTES}, pass as they are; only smaller ones are concatenated, never
 * past the target. (Concatenating the Parquet reader's 27 MB batches into 128 MiB blocks copied
 * every byte a scan read: a third of its Java CPU.) Used by one task thread at a time.
 */
public final class BlockBuilder {

  /**
   * Batches this big pass uncopied whatever the target: per-block costs are amortised long before.
   */
  static final long PASS_BYTES = 8L << 20;

  private final long targetBytes;
  private final BufferAllocator allocator;
  private final Consumer<Block> emit;
  private final String split;
  private final List<VectorSchemaRoot> pending = new ArrayList<>();
  private long pendingBytes;

  /**
   * @param allocator the producing operator's allocator (concatenated blocks are allocated here)
   * @param emit receives each finished block (ownership passes to it)
   */
  public BlockBuilder(long targetBytes, BufferAllocator allocator, Consumer<Block> emit) {
    this(targetBytes, allocator, emit, null);
  }

  /**
   * @param split the read split of every block built (null when the job does not checkpoint)
   */
  public BlockBuilder(
      long targetBytes, BufferAllocator allocator, Consumer<Block> emit, String split) {
    this.split = split;
    this.targetBytes = targetBytes;
    this.allocator = allocator;
    this.emit = emit;
  }

  /** Takes ownership of {@code batch}. */
  public void add(VectorSchemaRoot batch) {
    int rows = batch.getRowCount();
    if (rows == 0) {
      batch.close();
      return;
    }
    long bytes = Batches.bytes(batch);
    if (bytes > targetBytes && rows > 1) {
      flush();
      int chunkRows = (int) Math.max(1, (long) rows * targetBytes / bytes);
      try {
        for (int from = 0; from < rows; from += chunkRows) {
          emit.accept(
              new Block(
                  Batches.slice(batch, from, Math.min(chunkRows, rows - from), allocator), split));
        }
      } finally {
        batch.close();
      }
      return;
    }
    if (bytes
        >= Math.min(targetBytes / 2, PASS_BYTES)) { // a block on its own: copying it buys nothing
      flush();
      emit.accept(new Block(batch, split));
      return;
    }
    if (pendingBytes + bytes > targetBytes) {
      flush();
    }
    pending.add(batch);
    pendingBytes += bytes;
    if (pendingBytes >= targetBytes) {
      flush();
    }
  }

  /** Emits whatever is buffered as one block. */
  public void flush() {
    if (pending.isEmpty()) {
      return;
    }
    VectorSchemaRoot out;
    try {
      out = Batches.merge(new ArrayList<>(pending), allocator);
    } finally {
      pending.clear();
    }
    pendingBytes = 0;
    emit.accept(new Block(out, split));
  }

  /** Drops buffered batches (after a failure). */
  public void discard() {
    pending.forEach(VectorSchemaRoot::close);
    pending.clear();
    pendingBytes = 0;
  }
}
