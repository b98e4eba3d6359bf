package io.sluice.executor.op;

import io.sluice.api.Compute;
import io.sluice.api.arrow.Batches;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Re-cuts a stream of blocks into batches of exactly {@code batchSize} rows (the last may be
 * smaller), in order; with a byte cap, a batch also ends once it holds about {@code batchBytes}
 * (the rows that fit at the head block's bytes per row, at least one). Slices share buffers with
 * their blocks where Arrow allows; a batch spanning blocks is concatenated. A batch never mixes
 * read splits (when a resumable job tracks them): the last batch of a split may be smaller. Loop
 * thread only.
 */
final class Rebatcher {

  private final int maxRows;
  private final long maxBytes;
  private final ArrayDeque<Block> blocks = new ArrayDeque<>();
  private int headOffset;
  private long rows;
  private long bytes;

  /** Batches of {@code compute}'s batch size and byte cap; one of the two must be set. */
  Rebatcher(Compute compute) {
    if (!compute.rebatches()) {
      throw new IllegalArgumentException("no batch size in " + compute);
    }
    this.maxRows = compute.batchSize() > 0 ? compute.batchSize() : Integer.MAX_VALUE;
    this.maxBytes = compute.batchBytes();
  }

  /**
   * Rows of the next batch before split boundaries: the row cap, or fewer when the byte cap comes
   * first.
   */
  int batchRows() {
    Block head = blocks.peek();
    if (maxBytes <= 0 || head == null || head.bytes() <= 0) {
      return maxRows;
    }
    double bytesPerRow = (double) head.bytes() / head.rows();
    return (int) Math.max(1, Math.min(maxRows, (long) (maxBytes / bytesPerRow)));
  }

  void add(Block b) {
    if (b.rows() == 0) {
      b.close();
      return;
    }
    blocks.add(b);
    rows += b.rows();
    bytes += b.bytes();
  }

  long rows() {
    return rows;
  }

  long bytes() {
    return bytes;
  }

  /**
   * Whether a batch can be cut: a full one, the end of a split, or the remainder once input is
   * complete.
   */
  boolean ready(boolean inputComplete) {
    if (rows == 0) {
      return false;
    }
    long head = headSplitRows();
    return head >= batchRows() || head < rows || inputComplete;
  }

  /**
   * Rows queued from the head block's split, up to one batch (all rows when splits are not
   * tracked).
   */
  private long headSplitRows() {
    Block first = blocks.peek();
    int batchSize = batchRows();
    long n = 0;
    boolean isFirst = true;
    for (Block b : blocks) {
      if (!b.sameSplit(first) || n >= batchSize) {
        break;
      }
      n += isFirst ? b.rows() - headOffset : b.rows();
      isFirst = false;
    }
    return n;
  }

  /** The split of the next batch, or null. */
  String headSplit() {
    return blocks.isEmpty() ? null : blocks.peek().split();
  }

  /** The next batch, allocated under {@code allocator}. */
  VectorSchemaRoot next(BufferAllocator allocator) {
    int need = (int) Math.min(batchRows(), headSplitRows());
    List<VectorSchemaRoot> parts = new ArrayList<>();
    try {
      while (need > 0) {
        Block head = blocks.peek();
        int take = Math.min(need, head.rows() - headOffset);
        parts.add(Batches.slice(head.data(), headOffset, take, allocator));
        headOffset += take;
        need -= take;
        rows -= take;
        if (headOffset == head.rows()) {
          blocks.poll();
          bytes -= head.bytes();
          head.close();
          headOffset = 0;
        }
      }
      return Batches.merge(parts, allocator);
    } catch (RuntimeException e) {
      parts.forEach(VectorSchemaRoot::close);
      throw e;
    }
  }

  void clear() {
    blocks.forEach(Block::close);
    blocks.clear();
    rows = 0;
    bytes = 0;
    headOffset = 0;
  }
}
