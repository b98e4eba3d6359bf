package io.sluice.cli.job;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.exporter.pushgateway.PushGateway;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.sluice.api.JobStats;
import java.io.IOException;
import java.net.URI;
import java.time.Instant;

/**
 * A run's Prometheus metrics, named by Prometheus conventions and labelled with the job's name
 * (not its date, to keep series few): served on {@code --metrics-port} (loopback) while the run
 * lasts, and pushed to a Pushgateway at its end with {@code pushAdd}, grouped by {@code job}, as
 * Prometheus advises for batch jobs. The engine reports per-operator figures when a job ends, so
 * while it runs the endpoint shows the run's state ({@code sluice_job_running}, start time); the
 * final figures follow once it ends. {@code sluice_job_last_success_timestamp_seconds} is only
 * pushed by runs that succeeded, so a failing night leaves the last success in place for alerts.
 *
 * <p>Call-order rules: {@link #start} once, {@link #pushEvery} (optional), {@link #record} once when
 * the run ends, then {@link #push} (optional) and {@link #close}.
 */
public final class JobMetrics implements AutoCloseable {

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final PrometheusRegistry successRegistry = new PrometheusRegistry();
  private final String job;
  private final Gauge running;
  private final Gauge started;
  private final Gauge duration;
  private final Gauge exitCode;
  private final Gauge lastSuccess;
  private final Counter rows;
  private final Counter bytes;
  private final Counter busy;
  private final Counter retries;
  private final Counter deadLetters;
  private final Counter spilled;
  private final Gauge memoryPeak;
  private final Gauge memoryBudget;
  private final Counter committedRows;
  private final Counter resumedRows;
  private HTTPServer server;
  private java.util.concurrent.ScheduledExecutorService pusher;

  public JobMetrics(String job) {
    this.job = job;
    running = Gauge.builder().name("sluice_job_running").help("1 while the run lasts").labelNames("job")
        .register(registry);
    started = Gauge.builder().name("sluice_job_start_timestamp_seconds").help("When the run started")
        .labelNames("job").register(registry);
    duration = Gauge.builder().name("sluice_job_duration_seconds").help("Wall time of the last run")
        .labelNames("job").register(registry);
    exitCode = Gauge.builder().name("sluice_job_exit_code").help("Exit code of the last run (0 ok, 4 rows skipped...)")
        .labelNames("job").register(registry);
    rows = Counter.builder().name("sluice_rows_total").help("Rows an operator produced").labelNames("job", "operator")
        .register(registry);
    bytes = Counter.builder().name("sluice_bytes_total").help("Bytes an operator produced")
        .labelNames("job", "operator").register(registry);
    busy = Counter.builder().name("sluice_operator_busy_seconds_total").help("Time an operator's tasks ran")
        .labelNames("job", "operator").register(registry);
    retries = Counter.builder().name("sluice_retries_total").help("Failed task attempts that were retried")
        .labelNames("job", "operator").register(registry);
    deadLetters = Counter.builder().name("sluice_dead_letter_rows_total").help("Rows skipped into the dead letters")
        .labelNames("job").register(registry);
    spilled = Counter.builder().name("sluice_spilled_bytes_total").help("Arrow bytes spilled to disk")
        .labelNames("job").register(registry);
    memoryPeak = Gauge.builder().name("sluice_memory_peak_bytes").help("Highest Arrow bytes the run held")
        .labelNames("job").register(registry);
    memoryBudget = Gauge.builder().name("sluice_memory_budget_bytes").help("The executor's memory budget")
        .labelNames("job").register(registry);
    committedRows = Counter.builder().name("sluice_committed_rows_total").help("Rows in the committed output")
        .labelNames("job").register(registry);
    resumedRows = Counter.builder().name("sluice_resumed_rows_total")
        .help("Committed rows that came from checkpoints of earlier runs").labelNames("job").register(registry);
    lastSuccess = Gauge.builder().name("sluice_job_last_success_timestamp_seconds")
        .help("When the job last succeeded").labelNames("job").register(successRegistry);
  }

  /**
   * Marks the run as started; with {@code port} > 0 (0 picks a free port, -1 none) serves the
   * metrics on 127.0.0.1.
   *
   * @return the port served, or -1
   */
  public int start(Instant at, int port) throws IOException {
    running.labelValues(job).set(1);
    started.labelValues(job).set(at.toEpochMilli() / 1000.0);
    if (port < 0) {
      return -1;
    }
    server = HTTPServer.builder().hostname("127.0.0.1").port(port).registry(registry).buildAndStart();
    return server.getPort();
  }

  /**
   * Pushes the run's state to the Pushgateway every {@code interval} until {@link #push} or
   * {@link #close}, so a long job shows up before it ends; a failed push is retried at the next one.
   */
  public void pushEvery(String url, java.time.Duration interval) {
    pusher = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "sluice-metrics-push");
      t.setDaemon(true);
      return t;
    });
    pusher.scheduleWithFixedDelay(() -> {
      try {
        gateway(url, registry).pushAdd();
      } catch (IOException | RuntimeException e) {
        // the gateway may be back at the next push; the final push reports its failure
      }
    }, 0, interval.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
  }

  private void stopPushing() {
    if (pusher != null) {
      pusher.shutdownNow();
      try {
        pusher.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      pusher = null;
    }
  }

  /** The run's end: its figures, exit code and duration. */
  public void record(RunReport.Run run) {
    running.labelValues(job).set(0);
    duration.labelValues(job).set(java.time.Duration.between(run.start(), run.end()).toMillis() / 1000.0);
    exitCode.labelValues(job).set(run.exitCode());
    JobStats s = run.stats();
    if (s != null) {
      for (JobStats.OperatorStats o : s.operators()) {
        rows.labelValues(job, o.name()).inc(o.rowsOut());
        bytes.labelValues(job, o.name()).inc(o.bytesOut());
        busy.labelValues(job, o.name()).inc(o.busyNanos() / 1e9);
        retries.labelValues(job, o.name()).inc(o.retries());
      }
      deadLetters.labelValues(job).inc(s.skippedRows());
      spilled.labelValues(job).inc(s.spilledBytes());
      memoryPeak.labelValues(job).set(s.peakMemoryBytes());
    }
    memoryBudget.labelValues(job).set(run.memoryBudget());
    committedRows.labelValues(job).inc(run.written() == null ? 0 : run.written().rows());
    resumedRows.labelValues(job).inc(run.resumedRows());
    if (run.exitCode() == 0 || run.exitCode() == 4) {
      lastSuccess.labelValues(job).set(run.end().toEpochMilli() / 1000.0);
    }
  }

  /**
   * Pushes to the Pushgateway at {@code url} ({@code http://host:port}) with {@code pushAdd}, grouped
   * by {@code job}; the last-success gauge only after a success.
   */
  public void push(String url, boolean succeeded) throws IOException {
    stopPushing();
    gateway(url, registry).pushAdd();
    if (succeeded) {
      gateway(url, successRegistry).pushAdd();
    }
  }

  private PushGateway gateway(String url, PrometheusRegistry metrics) {
    URI uri = URI.create(url.contains("://") ? url : "http://" + url);
    String address = uri.getHost() + ":" + (uri.getPort() > 0 ? uri.getPort() : 9091);
    return PushGateway.builder().address(address).job(job).registry(metrics)
        .scheme("https".equals(uri.getScheme()) ? io.prometheus.metrics.exporter.pushgateway.Scheme.HTTPS
            : io.prometheus.metrics.exporter.pushgateway.Scheme.HTTP).build();
  }

  /** The metrics in Prometheus' text format (what the endpoint serves). */
  PrometheusRegistry registry() {
    return registry;
  }

  @Override
  public void close() {
    stopPushing();
    if (server != null) {
      server.close();
    }
  }
}
