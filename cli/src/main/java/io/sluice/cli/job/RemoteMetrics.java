package io.sluice.cli.job;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.sluice.api.JobStats;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The per-endpoint figures of remote-model steps as Prometheus families, labelled {@code job},
 * {@code operator} and {@code endpoint}, read at each scrape or push from the UDF counters the
 * remote stage reports ({@code endpoint[<endpoint>].<figure>}, {@link JobStats#udfCounters}):
 *
 * <ul>
 *   <li>{@code sluice_remote_requests_total}: HTTP requests sent, every attempt;
 *   <li>{@code sluice_remote_retries_total{cause}}: attempts retried, by cause ({@code
 *       rate_limited}, {@code server_error}, {@code timeout}, {@code connection});
 *   <li>{@code sluice_remote_errors_total{status}}: failed attempts, by HTTP status, or {@code
 *       timeout} / {@code connection} when no response came;
 *   <li>{@code sluice_remote_tokens_total{kind}}: {@code prompt} and {@code completion} tokens from
 *       the responses' {@code usage};
 *   <li>{@code sluice_remote_ejections_total}: times the endpoint was taken out of rotation;
 *   <li>{@code sluice_remote_request_seconds}: latency of successful requests (power-of-two buckets
 *       from 1 ms, as {@link UdfHistograms}).
 * </ul>
 *
 * The remote stage already names endpoints without user info or query; the endpoint label is
 * stripped of both again here, so a key in a URL can never become a label. Operators without such
 * counters contribute no series.
 */
final class RemoteMetrics implements MultiCollector {

  private static final String REQUESTS = "sluice_remote_requests";
  private static final String RETRIES = "sluice_remote_retries";
  private static final String ERRORS = "sluice_remote_errors";
  private static final String TOKENS = "sluice_remote_tokens";
  private static final String EJECTIONS = "sluice_remote_ejections";
  private static final String LATENCY = "sluice_remote_request_seconds";
  private static final Pattern USER_INFO = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*://)[^/@]*@");

  private final String job;
  private final Supplier<JobStats> stats;

  /**
   * @param stats the figures to read (null: none yet)
   */
  RemoteMetrics(String job, Supplier<JobStats> stats) {
    this.job = job;
    this.stats = stats;
  }

  @Override
  public List<String> getPrometheusNames() {
    return List.of(REQUESTS, RETRIES, ERRORS, TOKENS, EJECTIONS, LATENCY);
  }

  @Override
  public MetricSnapshots collect() {
    CounterSnapshot.Builder requests =
        CounterSnapshot.builder()
            .name(REQUESTS)
            .help("HTTP requests a remote-model step sent to an endpoint (every attempt)");
    CounterSnapshot.Builder retries =
        CounterSnapshot.builder()
            .name(RETRIES)
            .help("Requests to an endpoint that failed and were retried, by cause");
    CounterSnapshot.Builder errors =
        CounterSnapshot.builder()
            .name(ERRORS)
            .help(
                "Failed requests to an endpoint, by HTTP status (timeout, connection: no response)");
    CounterSnapshot.Builder tokens =
        CounterSnapshot.builder()
            .name(TOKENS)
            .help(
                "Tokens an endpoint reported in its responses' usage, by kind (prompt, completion)");
    CounterSnapshot.Builder ejections =
        CounterSnapshot.builder()
            .name(EJECTIONS)
            .help("Times an endpoint was taken out of rotation after failures");
    HistogramSnapshot.Builder latency =
        HistogramSnapshot.builder()
            .name(LATENCY)
            .help("Latency of successful requests to remote model endpoints");
    JobStats s = stats.get();
    if (s != null) {
      for (JobStats.OperatorStats op : s.operators()) {
        Map<String, Map<String, Long>> byEndpoint = byEndpoint(s.udfCounters(op.name()));
        byEndpoint.forEach(
            (endpoint, figures) -> {
              Labels labels = Labels.of("job", job, "operator", op.name(), "endpoint", endpoint);
              figures.forEach(
                  (figure, value) -> {
                    if (figure.equals("requests")) {
                      requests.dataPoint(point(labels, value));
                    } else if (figure.equals("ejections")) {
                      ejections.dataPoint(point(labels, value));
                    } else if (figure.startsWith("retries.")) {
                      retries.dataPoint(point(labels.add("cause", figure.substring(8)), value));
                    } else if (figure.startsWith("errors.")) {
                      errors.dataPoint(point(labels.add("status", figure.substring(7)), value));
                    } else if (figure.startsWith("tokens.")) {
                      tokens.dataPoint(point(labels.add("kind", figure.substring(7)), value));
                    }
                  });
              HistogramSnapshot.HistogramDataPointSnapshot h =
                  UdfHistograms.point(figures, "latency_ms.lt_", "latency_ms.sum", 1e-3, labels);
              if (h != null) {
                latency.dataPoint(h);
              }
            });
      }
    }
    return MetricSnapshots.of(
        requests.build(),
        retries.build(),
        errors.build(),
        tokens.build(),
        ejections.build(),
        latency.build());
  }

  private static CounterSnapshot.CounterDataPointSnapshot point(Labels labels, long value) {
    return CounterSnapshot.CounterDataPointSnapshot.builder().labels(labels).value(value).build();
  }

  /**
   * {@code endpoint[<e>].<figure>} counters grouped by safe endpoint name, then figure (summed when
   * two names strip to the same one).
   */
  static Map<String, Map<String, Long>> byEndpoint(Map<String, Long> counters) {
    Map<String, Map<String, Long>> out = new TreeMap<>();
    for (Map.Entry<String, Long> e : counters.entrySet()) {
      String key = e.getKey();
      int end = key.lastIndexOf("].");
      if (!key.startsWith("endpoint[") || end < 0) {
        continue;
      }
      out.computeIfAbsent(safe(key.substring(9, end)), k -> new TreeMap<>())
          .merge(key.substring(end + 2), e.getValue(), Long::sum);
    }
    return out;
  }

  /** {@code endpoint} without user info, query or fragment. */
  static String safe(String endpoint) {
    String s = USER_INFO.matcher(endpoint).replaceFirst("$1");
    for (char c : new char[] {'?', '#'}) {
      int i = s.indexOf(c);
      s = i < 0 ? s : s.substring(0, i);
    }
    return s;
  }
}
