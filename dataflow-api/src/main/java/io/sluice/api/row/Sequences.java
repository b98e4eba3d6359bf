package io.sluice.api.row;

import java.util.List;

/** The Java values accepted for Arrow lists: {@code List} and primitive arrays. */
final class Sequences {

  private Sequences() {}

  /** Number of elements of a list value; fails naming the column when it is not one. */
  static int length(Object x, String path) {
    if (x instanceof List<?> l) {
      return l.size();
    } else if (x instanceof float[] a) {
      return a.length;
    } else if (x instanceof double[] a) {
      return a.length;
    } else if (x instanceof long[] a) {
      return a.length;
    } else if (x instanceof int[] a) {
      return a.length;
    } else if (x instanceof Object[] a) {
      return a.length;
    }
    throw ValueMismatch.of(path, "a List (or float[], double[], long[], int[]) for a list", x);
  }

  /** Writes the elements of {@code x} at {@code start, start + 1, ...}; returns how many. */
  static int write(ValueWriter child, int start, Object x, String path) {
    int n = length(x, path);
    if (x instanceof List<?> l) {
      int k = start;
      for (Object e : l) {
        child.write(k++, e);
      }
    } else if (x instanceof float[] a) {
      for (int k = 0; k < n; k++) {
        child.write(start + k, a[k]);
      }
    } else if (x instanceof double[] a) {
      for (int k = 0; k < n; k++) {
        child.write(start + k, a[k]);
      }
    } else if (x instanceof long[] a) {
      for (int k = 0; k < n; k++) {
        child.write(start + k, a[k]);
      }
    } else if (x instanceof int[] a) {
      for (int k = 0; k < n; k++) {
        child.write(start + k, a[k]);
      }
    } else {
      Object[] a = (Object[]) x;
      for (int k = 0; k < n; k++) {
        child.write(start + k, a[k]);
      }
    }
    return n;
  }
}
