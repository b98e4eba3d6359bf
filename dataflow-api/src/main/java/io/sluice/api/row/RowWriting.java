package io.sluice.api.row;

import io.sluice.api.Row;
import java.util.Arrays;
import java.util.Map;

/**
 * Writes the columns of one row (or map) through per-field writers, matching by name: a missing
 * column is written as null, a column the schema lacks is an error.
 */
final class RowWriting {

  private RowWriting() {}

  static void writeRow(Row r, String[] names, ValueWriter[] writers, int index, String path) {
    int n = names.length;
    if (r.size() == n && sameOrder(r, names)) { // the common case: no lookups
      for (int k = 0; k < n; k++) {
        writers[k].write(index, r.get(k));
      }
      return;
    }
    int matched = 0;
    for (int k = 0; k < n; k++) {
      int at = r.indexOf(names[k]);
      writers[k].write(index, at < 0 ? null : r.get(at));
      matched += at < 0 ? 0 : 1;
    }
    if (matched != r.size()) {
      throw new ValueMismatch(
          where(path)
              + "has columns "
              + r.names()
              + " but the schema"
              + " has only "
              + Arrays.toString(names)
              + " (extra: "
              + extra(r, names)
              + ")");
    }
  }

  static void writeMap(Map<?, ?> m, String[] names, ValueWriter[] writers, int index, String path) {
    int matched = 0;
    for (int k = 0; k < names.length; k++) {
      Object v = m.get(names[k]);
      writers[k].write(index, v);
      matched += v != null || m.containsKey(names[k]) ? 1 : 0;
    }
    if (matched != m.size()) {
      throw new ValueMismatch(
          where(path)
              + "has keys "
              + m.keySet()
              + " but the schema has only "
              + Arrays.toString(names));
    }
  }

  private static String where(String path) {
    return path.isEmpty() ? "the row " : "column '" + path + "' ";
  }

  private static boolean sameOrder(Row r, String[] names) {
    for (int k = 0; k < names.length; k++) {
      if (!names[k].equals(r.name(k))) {
        return false;
      }
    }
    return true;
  }

  private static String extra(Row r, String[] names) {
    return r.names().stream().filter(c -> !Arrays.asList(names).contains(c)).toList().toString();
  }
}
