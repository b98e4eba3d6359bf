package io.sluice.connectors.parquet.vector;

/**
 * How many rows the next column-at-a-time step decodes, so that a batch stops where the row path
 * would: at the first row that takes its estimated bytes to the target. The row path checks after
 * every row; here each step decodes half the rows estimated to reach the target, at the bytes per
 * row seen so far by this reader, so a batch closes in on its target in a few steps (log2 of its
 * rows) and overshoots only where rows get more than twice as wide as the average. Until {@value
 * #LEARN_ROWS} rows are seen, a step decodes at most as many rows as were seen (1, 1, 2, 4, ...).
 * With rows of constant size (fixed-width columns, no nulls) batches end on exactly the row-path
 * rows.
 *
 * <p>One per reader; single-threaded.
 */
public final class ChunkSizer {

  static final int LEARN_ROWS = 4096;

  private final long targetBytes;
  private long seenRows;
  private long seenBytes;

  public ChunkSizer(long targetBytes) {
    this.targetBytes = Math.max(1, targetBytes);
  }

  /**
   * Rows for the next step of a batch holding {@code batchBytes} (below the target), at most {@code
   * limit} ({@code >= 1}).
   */
  public int next(long batchBytes, int limit) {
    long n = limit;
    if (seenBytes > 0) {
      long left = Math.max(1, targetBytes - batchBytes);
      n =
          seenRows <= Long.MAX_VALUE / left
              ? (left * seenRows + seenBytes - 1)
                  / seenBytes // exact: no float rounding past the row-path row
              : (long) Math.ceil((double) left * seenRows / seenBytes);
      n = (n + 1) / 2; // half the estimate: rows vary (nulls, strings), so close in rather than
      // overshoot
    }
    if (seenRows < LEARN_ROWS) {
      n = Math.min(n, Math.max(1, seenRows));
    }
    return (int) Math.max(1, Math.min(n, limit));
  }

  /** Records a decoded step. */
  public void seen(int rows, long bytes) {
    seenRows += rows;
    seenBytes += bytes;
  }

  /**
   * Rows to allocate a fresh batch for, at most {@code limit}: the expected batch rows once the row
   * size is learnt, else the most rows that fit the target at {@code minRowBytes} each.
   */
  public int expectedRows(int limit, long minRowBytes) {
    double rowBytes =
        seenRows >= LEARN_ROWS && seenBytes > 0
            ? (double) seenBytes / seenRows
            : Math.max(1, minRowBytes);
    return (int) Math.max(1, Math.min(limit, Math.ceil(targetBytes / rowBytes)));
  }
}
