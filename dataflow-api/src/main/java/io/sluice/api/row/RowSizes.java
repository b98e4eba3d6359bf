package io.sluice.api.row;

import io.sluice.api.Row;
import java.math.BigDecimal;
import java.util.Collection;
import java.util.Map;
import java.util.UUID;

/** Cheap estimates of the Arrow bytes a row will take, for cutting batches near a target size. */
final class RowSizes {

  private RowSizes() {}

  static long estimate(Row row) {
    long total = 0;
    for (int c = 0; c < row.size(); c++) {
      total += estimateValue(row.get(c));
    }
    return total;
  }

  /** Value bytes plus offsets/validity overhead; not exact, but proportional. */
  static long estimateValue(Object v) {
    if (v == null || v instanceof Boolean) {
      return 1;
    } else if (v instanceof Number n) {
      return n instanceof Long || n instanceof Double ? 8 : n instanceof BigDecimal ? 16 : 4;
    } else if (v instanceof CharSequence s) {
      return 4 + s.length();
    } else if (v instanceof byte[] b) {
      return 4 + b.length;
    } else if (v instanceof float[] a) {
      return 4L * a.length;
    } else if (v instanceof double[] a) {
      return 4 + 8L * a.length;
    } else if (v instanceof long[] a) {
      return 4 + 8L * a.length;
    } else if (v instanceof int[] a) {
      return 4 + 4L * a.length;
    } else if (v instanceof Row r) {
      return 1 + estimate(r);
    } else if (v instanceof Map<?, ?> m) {
      long t = 4;
      for (Map.Entry<?, ?> e : m.entrySet()) {
        t += estimateValue(e.getKey()) + estimateValue(e.getValue());
      }
      return t;
    } else if (v instanceof Collection<?> c) {
      long t = 4;
      for (Object x : c) {
        t += estimateValue(x);
      }
      return t;
    }
    return v instanceof UUID ? 16 : 8; // dates, times, timestamps
  }
}
