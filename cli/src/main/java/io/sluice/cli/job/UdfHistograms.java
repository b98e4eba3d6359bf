package io.sluice.cli.job;

import io.prometheus.metrics.model.registry.Collector;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.sluice.api.JobStats;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A Prometheus histogram per operator made from UDF counters that are already buckets ({@link
 * JobStats#udfCounters}): {@code <prefix><bound>} counts observations below {@code bound} (in the
 * counters' unit) and at least the previous bound, {@code <prefix>inf} the rest, as the model UDF
 * ({@code model.batch_ms.lt_*}) and the remote UDF ({@code latency_ms.lt_*}; exported per endpoint
 * by {@link RemoteMetrics}) count them. Actors sum such counters exactly, so the job's histogram is
 * exact at the buckets' resolution (powers of two) without the engine knowing Prometheus. Operators
 * without those counters get no series. Read at each scrape or push.
 */
final class UdfHistograms implements Collector {

  private final String name;
  private final String help;
  private final String job;
  private final String prefix;
  private final String sumKey;
  private final double toSeconds;
  private final Supplier<JobStats> stats;

  /**
   * @param prefix the bucket counters' prefix, e.g. {@code model.batch_ms.lt_}
   * @param sumKey the counter holding the observations' sum
   * @param toSeconds seconds per unit of the sum (bounds are milliseconds in both UDFs' names)
   * @param stats the figures to read (null: none yet)
   */
  UdfHistograms(
      String name,
      String help,
      String job,
      String prefix,
      String sumKey,
      double toSeconds,
      Supplier<JobStats> stats) {
    this.name = name;
    this.help = help;
    this.job = job;
    this.prefix = prefix;
    this.sumKey = sumKey;
    this.toSeconds = toSeconds;
    this.stats = stats;
  }

  @Override
  public String getPrometheusName() {
    return name;
  }

  /**
   * One data point per operator with bucket counters. Bounds are milliseconds in both UDFs' counter
   * names; {@code toSeconds} converts the sum's unit (nanoseconds for the model, milliseconds for
   * remote requests).
   */
  @Override
  public MetricSnapshot collect() {
    HistogramSnapshot.Builder b = HistogramSnapshot.builder().name(name).help(help);
    JobStats s = stats.get();
    if (s == null) {
      return b.build();
    }
    for (JobStats.OperatorStats op : s.operators()) {
      HistogramSnapshot.HistogramDataPointSnapshot p =
          point(
              s.udfCounters(op.name()),
              prefix,
              sumKey,
              toSeconds,
              Labels.of("job", job, "operator", op.name()));
      if (p != null) {
        b.dataPoint(p);
      }
    }
    return b.build();
  }

  /**
   * The histogram that bucket counters {@code <prefix><bound ms>} (and {@code <prefix>inf}) and sum
   * {@code sumKey} in {@code counters} describe, with {@code labels}; null when there are none.
   */
  static HistogramSnapshot.HistogramDataPointSnapshot point(
      Map<String, Long> counters, String prefix, String sumKey, double toSeconds, Labels labels) {
    List<double[]> buckets = new ArrayList<>(); // {upper bound in seconds, count}
    for (Map.Entry<String, Long> e : counters.entrySet()) {
      if (e.getKey().startsWith(prefix)) {
        String bound = e.getKey().substring(prefix.length());
        double le = bound.equals("inf") ? Double.POSITIVE_INFINITY : Long.parseLong(bound) / 1000.0;
        buckets.add(new double[] {le, e.getValue()});
      }
    }
    if (buckets.isEmpty()) {
      return null;
    }
    buckets.sort((x, y) -> Double.compare(x[0], y[0]));
    if (buckets.get(buckets.size() - 1)[0] != Double.POSITIVE_INFINITY) {
      buckets.add(new double[] {Double.POSITIVE_INFINITY, 0});
    }
    double[] bounds = new double[buckets.size()];
    long[] counts = new long[buckets.size()];
    for (int i = 0; i < bounds.length; i++) {
      bounds[i] = buckets.get(i)[0];
      counts[i] = (long) buckets.get(i)[1];
    }
    return HistogramSnapshot.HistogramDataPointSnapshot.builder()
        .classicHistogramBuckets(ClassicHistogramBuckets.of(bounds, counts))
        .sum(counters.getOrDefault(sumKey, 0L) * toSeconds)
        .labels(labels)
        .build();
  }
}
