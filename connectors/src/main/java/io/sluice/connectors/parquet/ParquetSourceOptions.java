package io.sluice.connectors.parquet;

import io.sluice.api.PlanException;
import java.io.Serializable;
import java.util.Locale;
import java.util.Map;

/**
 * Read settings from source options.
 *
 * @param maxBatchRows a batch never holds more rows than this, however small the rows ({@code
 *     maxBatchRows}, default 131072)
 * @param minTaskBytes consecutive row groups smaller than this together share one task ({@code
 *     minTaskBytes}, default 16 MiB uncompressed)
 * @param vectorized whether row groups that qualify are decoded column at a time ({@code
 *     vectorized}, default true); {@code false} sends every read down parquet-mr's record path, for
 *     differential tests and benchmarks
 */
record ParquetSourceOptions(int maxBatchRows, long minTaskBytes, boolean vectorized)
    implements Serializable {

  static final int DEFAULT_MAX_BATCH_ROWS = 128 * 1024;
  static final long DEFAULT_MIN_TASK_BYTES = 16L << 20;

  static ParquetSourceOptions from(Map<String, String> options) {
    long rows = number(options, "maxBatchRows", DEFAULT_MAX_BATCH_ROWS);
    if (rows < 1 || rows > Integer.MAX_VALUE / 2) {
      throw new PlanException(
          "option maxBatchRows must be in [1, " + Integer.MAX_VALUE / 2 + "], got " + rows);
    }
    return new ParquetSourceOptions(
        (int) rows,
        number(options, "minTaskBytes", DEFAULT_MIN_TASK_BYTES),
        bool(options, "vectorized", true));
  }

  /** The same options with the column-at-a-time path on or off. */
  ParquetSourceOptions withVectorized(boolean on) {
    return new ParquetSourceOptions(maxBatchRows, minTaskBytes, on);
  }

  private static boolean bool(Map<String, String> options, String key, boolean def) {
    String v = options.get(key);
    if (v == null) {
      return def;
    }
    return switch (v.trim().toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default ->
          throw new PlanException("option " + key + " must be true or false, got '" + v + "'");
    };
  }

  private static long number(Map<String, String> options, String key, long def) {
    String v = options.get(key);
    if (v == null) {
      return def;
    }
    try {
      return Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      throw new PlanException("option " + key + " must be a number, got '" + v + "'");
    }
  }
}
