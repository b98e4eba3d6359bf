package io.sluice.cli.job;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.exporter.pushgateway.PushGateway;
import io.prometheus.metrics.exporter.pushgateway.Scheme;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.sluice.api.JobStats;
import io.sluice.inference.InferenceStats;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;

/**
 * A run's Prometheus metrics, named by Prometheus conventions and labelled with the job's name (not
 * its date, to keep series few): served on {@code --metrics-port} (loopback) while the run lasts,
 * and pushed to a Pushgateway at its end with {@code pushAdd}, grouped by {@code job}, as
 * Prometheus advises for batch jobs. While the job runs, the per-operator families are read at each
 * scrape (or push) from the engine's latest live snapshot ({@link #live}): rows, bytes, busy time,
 * retries, tasks running and finished, memory held per operator and by the job against its budget,
 * queued input, what each operator waits for, spill, dead letters, the model-call histogram ({@link
 * UdfHistograms}) and remote steps' requests, retries, errors, tokens and latency per endpoint
 * ({@link RemoteMetrics}); once the run ended they hold its final figures, with nothing running.
 * {@code sluice_job_last_success_timestamp_seconds} is only pushed by runs that succeeded, so a
 * failing night leaves the last success in place for alerts.
 *
 * <p>Call-order rules: {@link #start} once, {@link #live} and {@link #budget} (optional, any time),
 * {@link #pushEvery} (optional), {@link #record} once when the run ends, then {@link #push}
 * (optional) and {@link #close}.
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
  private final Gauge memoryBudget;
  private final Counter committedRows;
  private final Counter resumedRows;

  /**
   * The engine's latest live snapshot (null while none); the final figures replace it at the end.
   */
  private volatile Supplier<JobStats> live = () -> null;

  private volatile JobStats finalStats;
  private volatile boolean ended;
  private HTTPServer server;
  private ScheduledExecutorService pusher;

  public JobMetrics(String job) {
    this.job = job;
    running =
        Gauge.builder()
            .name("sluice_job_running")
            .help("1 while the run lasts")
            .labelNames("job")
            .register(registry);
    started =
        Gauge.builder()
            .name("sluice_job_start_timestamp_seconds")
            .help("When the run started")
            .labelNames("job")
            .register(registry);
    duration =
        Gauge.builder()
            .name("sluice_job_duration_seconds")
            .help("Wall time of the last run")
            .labelNames("job")
            .register(registry);
    exitCode =
        Gauge.builder()
            .name("sluice_job_exit_code")
            .help("Exit code of the last run (0 ok, 4 rows skipped...)")
            .labelNames("job")
            .register(registry);
    operatorCounter(
        "sluice_rows_total", "Rows an operator produced", JobStats.OperatorStats::rowsOut);
    operatorCounter(
        "sluice_bytes_total", "Bytes an operator produced", JobStats.OperatorStats::bytesOut);
    CounterWithCallback.builder()
        .name("sluice_operator_busy_seconds_total")
        .help("Time an operator's tasks ran")
        .labelNames("job", "operator")
        .callback(cb -> forOperators(o -> cb.call(o.busyNanos() / 1e9, job, o.name())))
        .register(registry);
    operatorCounter(
        "sluice_retries_total",
        "Failed task attempts that were retried",
        JobStats.OperatorStats::retries);
    CounterWithCallback.builder()
        .name("sluice_dead_letter_rows_total")
        .help("Rows skipped into the dead letters")
        .labelNames("job")
        .callback(cb -> jobValue(s -> cb.call(s.skippedRows(), job)))
        .register(registry);
    CounterWithCallback.builder()
        .name("sluice_spilled_bytes_total")
        .help("Arrow bytes spilled to disk")
        .labelNames("job")
        .callback(cb -> jobValue(s -> cb.call(s.spilledBytes(), job)))
        .register(registry);
    GaugeWithCallback.builder()
        .name("sluice_memory_peak_bytes")
        .help("Highest Arrow bytes the run held")
        .labelNames("job")
        .callback(cb -> jobValue(s -> cb.call(s.peakMemoryBytes(), job)))
        .register(registry);
    GaugeWithCallback.builder()
        .name("sluice_memory_used_bytes")
        .help("Arrow bytes the job holds now")
        .labelNames("job")
        .callback(cb -> jobValue(s -> cb.call(ended ? 0 : s.memoryUsedBytes(), job)))
        .register(registry);
    memoryBudget =
        Gauge.builder()
            .name("sluice_memory_budget_bytes")
            .help("The executor's memory budget")
            .labelNames("job")
            .register(registry);
    GaugeWithCallback.builder()
        .name("sluice_tasks")
        .help("An operator's tasks (actor calls): running now, finished")
        .labelNames("job", "operator", "state")
        .callback(
            cb -> {
              JobStats s = current();
              if (s != null) {
                for (JobStats.OperatorStats o : s.operators()) {
                  cb.call(
                      ended
                          ? 0
                          : state(s, o.name()).map(JobStats.OperatorState::runningTasks).orElse(0),
                      job,
                      o.name(),
                      "running");
                  cb.call(o.tasks(), job, o.name(), "finished");
                }
              }
            })
        .register(registry);
    GaugeWithCallback.builder()
        .name("sluice_operator_memory_bytes")
        .help("Arrow bytes an operator holds now")
        .labelNames("job", "operator")
        .callback(cb -> forStates(st -> cb.call(st.memoryBytes(), job, st.name())))
        .register(registry);
    GaugeWithCallback.builder()
        .name("sluice_operator_queued_bytes")
        .help("Input bytes queued at an operator now")
        .labelNames("job", "operator")
        .callback(cb -> forStates(st -> cb.call(st.queuedInputBytes(), job, st.name())))
        .register(registry);
    GaugeWithCallback.builder()
        .name("sluice_operator_blocked")
        .help(
            "1 for what an operator waits for now (the"
                + " scheduler's why-blocked reason; done once the run ended)")
        .labelNames("job", "operator", "reason")
        .callback(
            cb -> {
              JobStats s = current();
              if (s == null) {
                return;
              }
              if (ended) {
                s.operators().forEach(o -> cb.call(1, job, o.name(), "done"));
              } else {
                s.operatorStates().forEach(st -> cb.call(1, job, st.name(), st.blocked()));
              }
            })
        .register(registry);
    registry.register(
        new UdfHistograms(
            "sluice_model_batch_seconds",
            "Duration of model calls (ONNX session runs)",
            job,
            InferenceStats.BATCH_HISTOGRAM,
            "model.runNanos",
            1e-9,
            this::current));
    registry.register(new RemoteMetrics(job, this::current));
    committedRows =
        Counter.builder()
            .name("sluice_committed_rows_total")
            .help("Rows in the committed output")
            .labelNames("job")
            .register(registry);
    resumedRows =
        Counter.builder()
            .name("sluice_resumed_rows_total")
            .help("Committed rows that came from checkpoints of earlier runs")
            .labelNames("job")
            .register(registry);
    lastSuccess =
        Gauge.builder()
            .name("sluice_job_last_success_timestamp_seconds")
            .help("When the job last succeeded")
            .labelNames("job")
            .register(successRegistry);
  }

  private void operatorCounter(String name, String help, ToLongFunction<JobStats.OperatorStats> f) {
    CounterWithCallback.builder()
        .name(name)
        .help(help)
        .labelNames("job", "operator")
        .callback(cb -> forOperators(o -> cb.call(f.applyAsLong(o), job, o.name())))
        .register(registry);
  }

  /**
   * The figures the endpoint shows: the final ones once recorded, else the latest live snapshot.
   */
  private JobStats current() {
    JobStats f = finalStats;
    return f != null ? f : live.get();
  }

  private void forOperators(Consumer<JobStats.OperatorStats> each) {
    JobStats s = current();
    if (s != null) {
      s.operators().forEach(each);
    }
  }

  private void forStates(Consumer<JobStats.OperatorState> each) {
    JobStats s = current();
    if (s == null) {
      return;
    }
    if (ended) { // nothing is held or queued any more
      s.operators()
          .forEach(
              o ->
                  each.accept(
                      new JobStats.OperatorState(o.name(), 0, 0, 0, "done", -1, List.of(), "")));
    } else {
      s.operatorStates().forEach(each);
    }
  }

  private void jobValue(Consumer<JobStats> f) {
    JobStats s = current();
    if (s != null) {
      f.accept(s);
    }
  }

  private static Optional<JobStats.OperatorState> state(JobStats s, String operator) {
    return s.operatorStates().stream().filter(st -> st.name().equals(operator)).findFirst();
  }

  /**
   * Where live figures come from while the run lasts: e.g. {@link RunSampler#latest}; it may return
   * null (no job running yet).
   */
  public void live(Supplier<JobStats> source) {
    this.live = source;
  }

  /** The executor's memory budget, known once the engine is open. */
  public void budget(long bytes) {
    memoryBudget.labelValues(job).set(bytes);
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
    server =
        HTTPServer.builder().hostname("127.0.0.1").port(port).registry(registry).buildAndStart();
    return server.getPort();
  }

  /**
   * Pushes the run's state to the Pushgateway every {@code interval} until {@link #push} or {@link
   * #close}, so a long job shows up before it ends; a failed push is retried at the next one.
   */
  public void pushEvery(String url, Duration interval) {
    pusher =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "sluice-metrics-push");
              t.setDaemon(true);
              return t;
            });
    pusher.scheduleWithFixedDelay(
        () -> {
          try {
            gateway(url, registry).pushAdd();
          } catch (IOException | RuntimeException e) {
            // the gateway may be back at the next push; the final push reports its failure
          }
        },
        0,
        interval.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  private void stopPushing() {
    if (pusher != null) {
      pusher.shutdownNow();
      try {
        pusher.awaitTermination(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      pusher = null;
    }
  }

  /** The run's end: its figures, exit code and duration. */
  public void record(RunReport.Run run) {
    running.labelValues(job).set(0);
    duration.labelValues(job).set(Duration.between(run.start(), run.end()).toMillis() / 1000.0);
    exitCode.labelValues(job).set(run.exitCode());
    if (run.stats() != null) {
      finalStats = run.stats();
    }
    ended = true;
    memoryBudget.labelValues(job).set(run.memoryBudget());
    committedRows.labelValues(job).inc(run.written() == null ? 0 : run.written().rows());
    resumedRows.labelValues(job).inc(run.resumedRows());
    if (run.exitCode() == 0 || run.exitCode() == 4) {
      lastSuccess.labelValues(job).set(run.end().toEpochMilli() / 1000.0);
    }
  }

  /**
   * Pushes to the Pushgateway at {@code url} ({@code http://host:port}) with {@code pushAdd},
   * grouped by {@code job}; the last-success gauge only after a success.
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
    return PushGateway.builder()
        .address(address)
        .job(job)
        .registry(metrics)
        .scheme("https".equals(uri.getScheme()) ? Scheme.HTTPS : Scheme.HTTP)
        .build();
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
