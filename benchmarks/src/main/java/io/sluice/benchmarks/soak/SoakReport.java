package io.sluice.benchmarks.soak;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * The soak's verdict: for each sampled quantity its first and last value after the warm-up, the
 * least-squares slope per hour and that slope as a share of the mean, printed as a Markdown table.
 */
final class SoakReport {

  private SoakReport() {}

  static void print(PrintStream out, List<Sample> all, long warmupSeconds) {
    List<Sample> s = all.stream().filter(x -> x.seconds() >= warmupSeconds).toList();
    if (s.size() < 3) {
      out.println("soak: too few samples after the " + warmupSeconds + " s warm-up for a slope");
      return;
    }
    out.printf(
        Locale.ROOT,
        "soak: slopes over %d samples from %.0f s to %.0f s (first %d s left out as warm-up)%n",
        s.size(),
        s.get(0).seconds(),
        s.get(s.size() - 1).seconds(),
        warmupSeconds);
    out.println("| quantity | first | last | min | max | slope per hour | slope / mean per hour |");
    out.println("| --- | --- | --- | --- | --- | --- | --- |");
    row(out, s, "RSS (MiB)", x -> x.rssBytes() / 1048576.0);
    row(out, s, "heap after GC (MiB)", x -> x.heapAfterGcBytes() / 1048576.0);
    row(out, s, "open fds", x -> x.fds());
    row(out, s, "threads", x -> x.threads());
  }

  private static void row(
      PrintStream out, List<Sample> s, String name, ToDoubleFunction<Sample> f) {
    double[] x = s.stream().mapToDouble(Sample::seconds).toArray();
    double[] y = s.stream().mapToDouble(f).toArray();
    double slope = slope(x, y) * 3600;
    double mean = Arrays.stream(y).average().orElse(0);
    double min = Arrays.stream(y).min().orElse(0);
    double max = Arrays.stream(y).max().orElse(0);
    out.printf(
        Locale.ROOT,
        "| %s | %.1f | %.1f | %.1f | %.1f | %+.2f | %+.1f %% |%n",
        name,
        y[0],
        y[y.length - 1],
        min,
        max,
        slope,
        mean == 0 ? 0 : 100 * slope / mean);
  }

  /** Least-squares slope of y over x. */
  static double slope(double[] x, double[] y) {
    double mx = 0;
    double my = 0;
    for (int i = 0; i < x.length; i++) {
      mx += x[i];
      my += y[i];
    }
    mx /= x.length;
    my /= y.length;
    double num = 0;
    double den = 0;
    for (int i = 0; i < x.length; i++) {
      num += (x[i] - mx) * (y[i] - my);
      den += (x[i] - mx) * (x[i] - mx);
    }
    return den == 0 ? 0 : num / den;
  }
}
