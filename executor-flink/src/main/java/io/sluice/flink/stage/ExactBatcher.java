package io.sluice.flink.stage;

import io.sluice.api.arrow.Batches;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Re-cuts a stream of batches into batches of exactly {@code batchSize} rows, in order; the last,
 * taken with {@link #rest}, may be smaller. Takes ownership of what it is given; what it returns
 * belongs to the caller. One thread.
 */
final class ExactBatcher implements AutoCloseable {

  private final int batchSize;
  private final ArrayDeque<VectorSchemaRoot> queued = new ArrayDeque<>();
  private int headOffset;
  private long rows;

  ExactBatcher(int batchSize) {
    this.batchSize = batchSize;
  }

  void add(VectorSchemaRoot batch) {
    if (batch.getRowCount() == 0) {
      batch.close();
      return;
    }
    queued.add(batch);
    rows += batch.getRowCount();
  }

  /** The next full batch, or null when fewer than {@code batchSize} rows are queued. */
  VectorSchemaRoot next(BufferAllocator allocator) {
    return rows >= batchSize ? cut(batchSize, allocator) : null;
  }

  /** Whatever is left (fewer than {@code batchSize} rows), or null when nothing is. */
  VectorSchemaRoot rest(BufferAllocator allocator) {
    return rows == 0 ? null : cut((int) rows, allocator);
  }

  private VectorSchemaRoot cut(int n, BufferAllocator allocator) {
    List<VectorSchemaRoot> parts = new ArrayList<>();
    try {
      int need = n;
      while (need > 0) {
        VectorSchemaRoot head = queued.peek();
        int take = Math.min(need, head.getRowCount() - headOffset);
        parts.add(Batches.slice(head, headOffset, take, allocator));
        headOffset += take;
        need -= take;
        rows -= take;
        if (headOffset == head.getRowCount()) {
          queued.poll().close();
          headOffset = 0;
        }
      }
      if (parts.size() == 1) {
        return parts.get(0);
      }
      VectorSchemaRoot joined = Batches.concat(parts, allocator);
      parts.forEach(VectorSchemaRoot::close);
      return joined;
    } catch (RuntimeException e) {
      parts.forEach(VectorSchemaRoot::close);
      throw e;
    }
  }

  @Override
  public void close() {
    queued.forEach(VectorSchemaRoot::close);
    queued.clear();
    rows = 0;
    headOffset = 0;
  }
}
