package io.sluice.executor.run;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * One operator's UDF counters as lines of the stats table: the plain counters on one line ({@code
 * name=value}), and each bucket histogram on a line of its own as its count and approximate median
 * and 95th percentile. A histogram is the counters {@code <name>.lt_<bound>} (observations below
 * {@code bound}, at least the previous bound) and {@code <name>.lt_inf}, as the model UDF ({@code
 * model.batch_ms}) and the remote UDF ({@code latency_ms}) count them; listing every bucket made
 * the table unreadable. The percentiles are the upper bounds of the buckets they fall in, so they
 * are as coarse as the buckets (powers of two).
 */
final class UdfCounterLines {

  private static final String BUCKET = ".lt_";

  private UdfCounterLines() {}

  static List<String> of(String operator, Map<String, Long> counters) {
    Map<String, Long> plain = new TreeMap<>();
    Map<String, TreeMap<Double, Long>> histograms = new TreeMap<>();
    counters.forEach(
        (k, v) -> {
          int at = k.lastIndexOf(BUCKET);
          Double bound = at < 0 ? null : bound(k.substring(at + BUCKET.length()));
          if (bound == null) {
            plain.put(k, v);
          } else {
            histograms
                .computeIfAbsent(k.substring(0, at), n -> new TreeMap<>())
                .merge(bound, v, Long::sum);
          }
        });
    List<String> lines = new ArrayList<>();
    if (!plain.isEmpty()) {
      StringBuilder line = new StringBuilder(operator).append(':');
      plain.forEach((k, v) -> line.append(' ').append(k).append('=').append(v));
      lines.add(line.toString());
    }
    histograms.forEach((name, buckets) -> lines.add(histogram(operator, name, buckets)));
    return lines;
  }

  /** {@code Embed model.batch_ms: 120 observations, p50 < 4 ms, p95 < 16 ms}. */
  static String histogram(String operator, String name, TreeMap<Double, Long> buckets) {
    long n = buckets.values().stream().mapToLong(Long::longValue).sum();
    String unit = name.endsWith("_ms") ? " ms" : name.endsWith("_s") ? " s" : "";
    return String.format(
        Locale.ROOT,
        "%s %s: %,d observations, p50 %s%s, p95 %s%s",
        operator,
        name,
        n,
        quantile(buckets, n, 0.5),
        unit,
        quantile(buckets, n, 0.95),
        unit);
  }

  /**
   * {@code < bound} of the bucket holding quantile {@code q}, or {@code >= last bound} in the open
   * one.
   */
  private static String quantile(TreeMap<Double, Long> buckets, long n, double q) {
    long rank = (long) Math.ceil(q * n);
    long seen = 0;
    double previous = 0;
    for (Map.Entry<Double, Long> b : buckets.entrySet()) {
      seen += b.getValue();
      if (seen >= rank && b.getValue() > 0) {
        return b.getKey().isInfinite() ? ">= " + number(previous) : "< " + number(b.getKey());
      }
      previous = b.getKey();
    }
    return "-";
  }

  private static Double bound(String s) {
    if (s.equals("inf")) {
      return Double.POSITIVE_INFINITY;
    }
    try {
      return Double.parseDouble(s);
    } catch (NumberFormatException e) {
      return null; // a counter that only looks like a bucket
    }
  }

  private static String number(double d) {
    return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
  }
}
