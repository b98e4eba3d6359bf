package io.sluice.operators.core;

import io.sluice.api.arrow.Batches;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.util.TransferPair;

/**
 * Copies the selected rows of a batch column by column, without converting values. One contiguous
 * run is a slice (buffers shared where Arrow allows); a few long runs are sliced and concatenated;
 * many short runs are copied value by value with {@link TransferPair#copyValueSafe}.
 */
final class RowSelection {

  /** Average run length from which slicing and concatenating beats per-value copies. */
  private static final int MIN_AVG_RUN = 32;

  private RowSelection() {}

  /**
   * The rows where {@code keep} is true, as a new batch from {@code allocator}; the input itself
   * when every row is kept. The input stays owned by the caller.
   */
  static VectorSchemaRoot select(
      VectorSchemaRoot input, boolean[] keep, BufferAllocator allocator) {
    int n = input.getRowCount();
    List<int[]> runs = runs(keep, n);
    int kept = 0;
    for (int[] r : runs) {
      kept += r[1] - r[0];
    }
    if (kept == n) {
      return input;
    }
    if (runs.isEmpty()) {
      return Batches.empty(input.getSchema(), allocator);
    }
    if (runs.size() == 1) {
      return Batches.slice(input, runs.get(0)[0], kept, allocator);
    }
    if (kept / runs.size() >= MIN_AVG_RUN) {
      return sliceAndConcat(input, runs, allocator);
    }
    return copyRows(input, keep, kept, allocator);
  }

  private static List<int[]> runs(boolean[] keep, int n) {
    List<int[]> runs = new ArrayList<>();
    int i = 0;
    while (i < n) {
      if (!keep[i]) {
        i++;
        continue;
      }
      int start = i;
      while (i < n && keep[i]) {
        i++;
      }
      runs.add(new int[] {start, i});
    }
    return runs;
  }

  private static VectorSchemaRoot sliceAndConcat(
      VectorSchemaRoot input, List<int[]> runs, BufferAllocator allocator) {
    List<VectorSchemaRoot> parts = new ArrayList<>(runs.size());
    try {
      for (int[] r : runs) {
        parts.add(Batches.slice(input, r[0], r[1] - r[0], allocator));
      }
      return Batches.concat(parts, allocator);
    } finally {
      parts.forEach(VectorSchemaRoot::close);
    }
  }

  private static VectorSchemaRoot copyRows(
      VectorSchemaRoot input, boolean[] keep, int kept, BufferAllocator allocator) {
    VectorSchemaRoot out = VectorSchemaRoot.create(input.getSchema(), allocator);
    try {
      List<FieldVector> from = input.getFieldVectors();
      List<FieldVector> to = out.getFieldVectors();
      for (int c = 0; c < from.size(); c++) {
        FieldVector target = to.get(c);
        target.setInitialCapacity(kept);
        target.allocateNew();
        TransferPair tp = from.get(c).makeTransferPair(target);
        int j = 0;
        for (int i = 0; i < keep.length; i++) {
          if (keep[i]) {
            tp.copyValueSafe(i, j++);
          }
        }
      }
      out.setRowCount(kept);
      return out;
    } catch (RuntimeException e) {
      out.close();
      throw e;
    }
  }
}
