package io.sluice.api.row;

import java.util.Arrays;

/** Small helpers on Java values: short descriptions for error messages. */
final class Values {

  private static final int MAX = 200;

  private Values() {}

  /** A short, truncated rendering of a value or row for error messages. */
  static String brief(Object value) {
    String s =
        value instanceof float[] f
            ? Arrays.toString(f)
            : value instanceof byte[] b
                ? "bytes[" + b.length + "]"
                : value instanceof double[] d
                    ? Arrays.toString(d)
                    : value instanceof long[] l
                        ? Arrays.toString(l)
                        : value instanceof int[] n ? Arrays.toString(n) : String.valueOf(value);
    return s.length() <= MAX ? s : s.substring(0, MAX) + "...(" + s.length() + " chars)";
  }
}
