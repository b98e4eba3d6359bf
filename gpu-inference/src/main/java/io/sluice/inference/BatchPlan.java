package io.sluice.inference;

import java.util.Arrays;

/**
 * How one window is cut into model batches: {@link #order()} lists the window's non-null rows in
 * the order they are fed to the model (stable-sorted by token length when length-aware, else
 * arrival order), and batch {@code b} is {@code order[start(b) .. start(b + 1))}. Null rows are
 * left out: their outputs are null whatever the model says, so running them only wastes compute.
 *
 * <p>Cutting: a batch closes at {@code modelBatchSize} rows, or before adding a row would make rows
 * x padded length (the longest row so far) exceed {@code maxTokensPerBatch}. Padded length here is
 * the longest row; a {@link SequenceLength} that pads further (buckets, fixed) is not counted.
 */
final class BatchPlan {

  private final int[] order;
  private final int[] starts;
  private final int batches;

  private BatchPlan(int[] order, int[] starts, int batches) {
    this.order = order;
    this.starts = starts;
    this.batches = batches;
  }

  /**
   * @param lengths tokens per window row (index = row)
   * @param nulls whether each window row is null (left out of every batch)
   * @param rows rows in the window
   */
  static BatchPlan of(int[] lengths, boolean[] nulls, int rows, Batching batching) {
    int live = 0;
    for (int r = 0; r < rows; r++) {
      live += nulls[r] ? 0 : 1;
    }
    int[] order = new int[live];
    if (batching.lengthAware()) {
      long[] keys = new long[live];
      int k = 0;
      for (int r = 0; r < rows; r++) {
        if (!nulls[r]) {
          keys[k++] = ((long) lengths[r] << 32) | r; // row index breaks ties: a stable sort
        }
      }
      Arrays.sort(keys);
      for (int i = 0; i < live; i++) {
        order[i] = (int) keys[i];
      }
    } else {
      int k = 0;
      for (int r = 0; r < rows; r++) {
        if (!nulls[r]) {
          order[k++] = r;
        }
      }
    }
    int maxRows = batching.modelBatchSize() == 0 ? Math.max(live, 1) : batching.modelBatchSize();
    long maxTokens =
        batching.maxTokensPerBatch() == 0 ? Long.MAX_VALUE : batching.maxTokensPerBatch();
    int[] starts = new int[live + 1];
    int batches = 0;
    int i = 0;
    while (i < live) {
      starts[batches++] = i;
      int n = 0;
      long longest = 0;
      while (i < live && n < maxRows) {
        long grown = Math.max(longest, Math.max(1, lengths[order[i]]));
        if (n > 0 && grown * (n + 1) > maxTokens) {
          break;
        }
        longest = grown;
        n++;
        i++;
      }
    }
    starts[batches] = live;
    return new BatchPlan(order, starts, batches);
  }

  /** Window rows in feed order (non-null rows only). */
  int[] order() {
    return order;
  }

  int batches() {
    return batches;
  }

  /** Offset of batch {@code b}'s first row in {@link #order()}. */
  int start(int b) {
    return starts[b];
  }

  /** Rows in batch {@code b}. */
  int size(int b) {
    return starts[b + 1] - starts[b];
  }
}
