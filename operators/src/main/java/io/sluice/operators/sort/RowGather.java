package io.sluice.operators.sort;

import io.sluice.api.arrow.Batches;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Copies chosen rows of a batch, in the given order, into a new batch: the "take" of shuffles and
 * sorts.
 */
public final class RowGather {

  private RowGather() {}

  /**
   * Rows {@code idx[from..from+n)} of {@code src} as a new batch under {@code allocator}. A run of
   * consecutive indexes becomes a zero-copy slice.
   */
  public static VectorSchemaRoot take(
      VectorSchemaRoot src, int[] idx, int from, int n, BufferAllocator allocator) {
    if (n > 0 && idx[from + n - 1] - idx[from] == n - 1 && ascendingRun(idx, from, n)) {
      return Batches.slice(src, idx[from], n, allocator);
    }
    VectorSchemaRoot out = VectorSchemaRoot.create(src.getSchema(), allocator);
    try {
      List<FieldVector> to = out.getFieldVectors();
      for (int c = 0; c < to.size(); c++) {
        FieldVector dst = to.get(c);
        FieldVector in = src.getVector(c);
        dst.setInitialCapacity(n);
        dst.allocateNew();
        for (int i = 0; i < n; i++) {
          dst.copyFromSafe(idx[from + i], i, in);
        }
        dst.setValueCount(n);
      }
      out.setRowCount(n);
      return out;
    } catch (RuntimeException e) {
      out.close();
      throw e;
    }
  }

  private static boolean ascendingRun(int[] idx, int from, int n) {
    for (int i = 1; i < n; i++) {
      if (idx[from + i] != idx[from + i - 1] + 1) {
        return false;
      }
    }
    return true;
  }
}
