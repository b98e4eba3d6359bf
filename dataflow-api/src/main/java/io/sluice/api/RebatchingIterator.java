package io.sluice.api;

import io.sluice.api.arrow.Batches;
import io.sluice.api.spi.BatchStream;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Iterates a job's output, re-cut into batches of exactly {@code batchSize} rows (0: as produced).
 * Owns every batch it hands out and closes it on the following {@code next()} or {@code close()}.
 */
final class RebatchingIterator implements JobIterator<VectorSchemaRoot> {

  private final Sluice sluice;
  private final BatchStream stream;
  private final int batchSize;
  private final BufferAllocator allocator;
  private VectorSchemaRoot pending;
  private int pendingOffset;
  private VectorSchemaRoot lastOut;
  private VectorSchemaRoot nextOut;
  private boolean done;

  RebatchingIterator(Sluice sluice, BatchStream stream, int batchSize) {
    this.sluice = sluice;
    this.stream = stream;
    this.batchSize = batchSize;
    this.allocator = sluice.backend().allocator();
  }

  @Override
  public boolean hasNext() {
    if (nextOut != null) {
      return true;
    }
    if (done) {
      return false;
    }
    nextOut = batchSize == 0 ? nextNonEmpty() : nextExact();
    if (nextOut == null) {
      done = true;
      closeQuietly();
    }
    return nextOut != null;
  }

  private VectorSchemaRoot nextNonEmpty() {
    VectorSchemaRoot b;
    while ((b = stream.next()) != null) {
      if (b.getRowCount() > 0) {
        return b;
      }
      b.close();
    }
    return null;
  }

  private VectorSchemaRoot nextExact() {
    List<VectorSchemaRoot> parts = new ArrayList<>();
    int need = batchSize;
    try {
      while (need > 0) {
        if (pending == null || pendingOffset == pending.getRowCount()) {
          if (pending != null) {
            pending.close();
          }
          pending = nextNonEmpty();
          pendingOffset = 0;
          if (pending == null) {
            break;
          }
        }
        int take = Math.min(need, pending.getRowCount() - pendingOffset);
        parts.add(Batches.slice(pending, pendingOffset, take, allocator));
        pendingOffset += take;
        need -= take;
      }
      if (parts.isEmpty()) {
        return null;
      }
      return Batches.merge(parts, allocator);
    } catch (RuntimeException e) {
      parts.forEach(VectorSchemaRoot::close);
      throw e;
    }
  }

  @Override
  public JobStats stats() {
    return stream.stats();
  }

  @Override
  public VectorSchemaRoot next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    if (lastOut != null) {
      lastOut.close();
    }
    lastOut = nextOut;
    nextOut = null;
    return lastOut;
  }

  private void closeQuietly() {
    if (pending != null) {
      pending.close();
      pending = null;
    }
    stream.close();
  }

  @Override
  public void close() {
    if (lastOut != null) {
      lastOut.close();
      lastOut = null;
    }
    if (nextOut != null) {
      nextOut.close();
      nextOut = null;
    }
    if (!done) {
      done = true;
      closeQuietly();
    }
  }
}
