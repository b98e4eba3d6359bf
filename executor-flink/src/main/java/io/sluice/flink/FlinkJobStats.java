package io.sluice.flink;

import io.sluice.api.JobStats;
import io.sluice.flink.stage.OperatorCounters;
import io.sluice.flink.stage.UdfCounters;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a Flink job measured: wall time and output rows on the driver, and per operator the figures
 * its subtasks reported as accumulators ({@link OperatorCounters}: calls, busy time, rows, bytes,
 * first start to last end) and, for actor stages, their UDFs' counters ({@link UdfCounters}).
 * Sources report none yet (FLIP-27 readers get no accumulators), so they are left out of {@link
 * #operators()}; peak memory is not measured on the cluster. {@link #cluster()} is what Flink's
 * REST API said about the cluster and the job's placement as it ended ({@link
 * FlinkClusterView#of}), or null when it was not read.
 */
record FlinkJobStats(
    String jobId,
    Duration wallTime,
    long outputRows,
    List<OperatorStats> operators,
    Map<String, Map<String, Long>> udfCountersByOperator,
    FlinkClusterView cluster)
    implements JobStats {

  FlinkJobStats {
    operators = List.copyOf(operators);
    udfCountersByOperator = Map.copyOf(udfCountersByOperator);
  }

  FlinkJobStats(
      String jobId,
      Duration wallTime,
      long outputRows,
      List<OperatorStats> operators,
      Map<String, Map<String, Long>> udfCountersByOperator) {
    this(jobId, wallTime, outputRows, operators, udfCountersByOperator, null);
  }

  FlinkJobStats(String jobId, Duration wallTime, long outputRows, List<OperatorStats> operators) {
    this(jobId, wallTime, outputRows, operators, Map.of());
  }

  /**
   * What the UDFs of actor stage {@code operator} counted, summed over its subtasks ({@link
   * UdfCounters}).
   */
  @Override
  public Map<String, Long> udfCounters(String operator) {
    return udfCountersByOperator.getOrDefault(operator, Map.of());
  }

  static FlinkJobStats of(
      String jobId,
      Duration wall,
      long outputRows,
      List<String> names,
      Map<String, Object> accumulators) {
    List<OperatorStats> ops = new ArrayList<>();
    Map<String, Map<String, Long>> udf = new LinkedHashMap<>();
    for (String name : names) {
      if (accumulators.get(name + "|" + UdfCounters.NAME) instanceof Map<?, ?> m && !m.isEmpty()) {
        Map<String, Long> counters = new TreeMap<>();
        m.forEach((k, v) -> counters.put(String.valueOf(k), ((Number) v).longValue()));
        udf.put(name, counters);
      }
      if (!accumulators.containsKey(name + "|" + OperatorCounters.CALLS)) {
        continue;
      }
      long first = value(accumulators, name, OperatorCounters.FIRST_START_MICROS);
      long last = value(accumulators, name, OperatorCounters.LAST_END_MICROS);
      ops.add(
          new OperatorStats(
              name,
              value(accumulators, name, OperatorCounters.CALLS),
              Math.max(0, last - first) * 1000,
              value(accumulators, name, OperatorCounters.BUSY_NANOS),
              value(accumulators, name, OperatorCounters.ROWS_IN),
              value(accumulators, name, OperatorCounters.ROWS_OUT),
              value(accumulators, name, OperatorCounters.BYTES_OUT),
              0,
              0,
              0,
              value(accumulators, name, OperatorCounters.SKIPPED_ROWS),
              0));
    }
    return new FlinkJobStats(jobId, wall, outputRows, ops, udf);
  }

  /** These stats with {@code op} as the last operator (the driver's job commit of a write). */
  FlinkJobStats with(OperatorStats op) {
    List<OperatorStats> ops = new ArrayList<>(operators);
    ops.add(op);
    return new FlinkJobStats(jobId, wallTime, outputRows, ops, udfCountersByOperator, cluster);
  }

  /** These stats with {@code view} as what the cluster's REST API said as the job ended. */
  FlinkJobStats withCluster(FlinkClusterView view) {
    return new FlinkJobStats(jobId, wallTime, outputRows, operators, udfCountersByOperator, view);
  }

  private static long value(Map<String, Object> accumulators, String name, String figure) {
    Object v = accumulators.get(name + "|" + figure);
    return v instanceof Number n ? n.longValue() : 0;
  }

  @Override
  public long peakMemoryBytes() {
    return 0;
  }

  @Override
  public String toTable() {
    StringBuilder sb = new StringBuilder();
    String fmt = "%-28s %7s %9s %9s %12s %12s %10s%n";
    sb.append(
        String.format(
            Locale.ROOT,
            fmt,
            "operator",
            "calls",
            "wall s",
            "busy s",
            "rows in",
            "rows out",
            "MiB out"));
    for (OperatorStats o : operators) {
      String name = o.name().length() <= 28 ? o.name() : o.name().substring(0, 27) + "~";
      sb.append(
          String.format(
              Locale.ROOT,
              fmt,
              name,
              o.tasks(),
              secs(o.wallNanos()),
              secs(o.busyNanos()),
              o.rowsIn(),
              o.rowsOut(),
              String.format(Locale.ROOT, "%.1f", o.bytesOut() / 1048576.0)));
    }
    udfCountersByOperator.forEach(
        (op, counters) -> {
          StringBuilder line = new StringBuilder(op).append(':');
          counters.forEach((k, v) -> line.append(' ').append(k).append('=').append(v));
          sb.append(line).append(System.lineSeparator());
        });
    sb.append(
        String.format(
            Locale.ROOT,
            "Flink job %s: %d rows out in %.1f s%n",
            jobId,
            outputRows,
            wallTime.toMillis() / 1000.0));
    return sb.toString();
  }

  private static String secs(long nanos) {
    return String.format(Locale.ROOT, "%.2f", nanos / 1e9);
  }
}
