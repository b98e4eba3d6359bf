package io.sluice.executor.op;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Redistributes the rows, in order, into {@code n} partitions of equal row counts (they differ by
 * at most one). Each partition leaves as one block, or as several when it is larger than the target
 * block size; no block holds rows of two partitions.
 */
public final class RepartitionOperator extends AllToAllOperator {

  private final int n;
  private long total;
  private long seen;

  public RepartitionOperator(String name, int n) {
    super(name);
    if (n < 1) {
      throw new IllegalArgumentException("repartition needs n >= 1, got " + n);
    }
    this.n = n;
  }

  @Override
  protected int partitionCount(long rows, long bytes) {
    total = rows;
    return n;
  }

  @Override
  protected void assign(VectorSchemaRoot batch, int[] partitionOfRow) {
    for (int r = 0; r < partitionOfRow.length; r++) {
      partitionOfRow[r] = partitionOf(seen++);
    }
  }

  /** Partition p holds rows [p * total / n, (p + 1) * total / n). */
  private int partitionOf(long row) {
    int p =
        (int) Math.min(n - 1, row * n / total); // an estimate, corrected to the exact bounds below
    while (p > 0 && (long) p * total / n > row) {
      p--;
    }
    while (p + 1 < n && (long) (p + 1) * total / n <= row) {
      p++;
    }
    return p;
  }

  @Override
  protected boolean needsWholePartition() {
    return false;
  }

  @Override
  protected VectorSchemaRoot finish(int p, VectorSchemaRoot rows, BufferAllocator allocator) {
    return rows;
  }
}
