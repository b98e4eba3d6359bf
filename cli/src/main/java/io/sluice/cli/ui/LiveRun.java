package io.sluice.cli.ui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.api.JobStats;
import io.sluice.api.Sluice;
import io.sluice.api.spi.WriteResult;
import io.sluice.cli.job.RunReport;
import io.sluice.cli.job.RunTimeline;
import io.sluice.connectors.fs.FsConfig;
import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The run going on in this launcher, as the dashboard and the visual report see it: the engine's
 * live snapshots, sampled into a {@link RunTimeline}, turned into run-report trees while it runs,
 * and the final report once it ended. Serves the dashboard when one was asked for.
 *
 * <p>Call-order rules: {@link #start}, then {@link #finish} once when the run's report is known
 * (optional: a run closed without it shows as {@code failed}), then {@link #close}. Queries from
 * any thread.
 */
public final class LiveRun implements RunSource, AutoCloseable {

  static final long SAMPLE_MILLIS = 250;

  private final String id;
  private final String name;
  private final Supplier<List<JobStats>> jobs;

  /**
   * WARN and above unless {@link #logLevel} says otherwise: the page's log tail, also kept in the
   * report.
   */
  private final LogTail logs = LogTail.install(200, "WARN");

  private final Function<JobStats, RunReport.Run> running;
  private final RunTimeline timeline = new RunTimeline(500);
  private final ScheduledExecutorService sampler;
  private volatile JobStats last;
  private volatile RunReport.Run finished;
  private volatile boolean closed;
  private volatile UiServer server;

  private LiveRun(
      String id,
      String name,
      Supplier<List<JobStats>> jobs,
      Function<JobStats, RunReport.Run> running) {
    this.id = id;
    this.name = name;
    this.jobs = jobs;
    this.running = running;
    this.sampler =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "sluice-ui-sampler");
              t.setDaemon(true);
              return t;
            });
  }

  /**
   * Starts sampling the jobs {@code sluice} runs.
   *
   * @param id the run's id in the dashboard (URL-safe)
   * @param name the job's name
   * @param running the run's report for a snapshot of its figures (null before the first one)
   */
  public static LiveRun start(
      String id, String name, Sluice sluice, Function<JobStats, RunReport.Run> running) {
    return start(id, name, () -> sluice.backend().runningJobStats(), running);
  }

  /**
   * As above, for jobs whose backend is only known once they run ({@code sluice submit}): {@code
   * jobs} answers the snapshots of the jobs running now (an empty list when none).
   */
  public static LiveRun start(
      String id,
      String name,
      Supplier<List<JobStats>> jobs,
      Function<JobStats, RunReport.Run> running) {
    LiveRun live = new LiveRun(id, name, jobs, running);
    live.sampler.scheduleWithFixedDelay(live::sample, 0, SAMPLE_MILLIS, TimeUnit.MILLISECONDS);
    return live;
  }

  private void sample() {
    try {
      List<JobStats> now = jobs.get();
      if (!now.isEmpty()) {
        JobStats s = now.get(now.size() - 1);
        last = s;
        timeline.record(s, false);
      }
    } catch (RuntimeException e) {
      // a snapshot of a job tearing down: the next one will do
    }
  }

  /** The run's outcome: its final report (figures frozen at the end). */
  public void finish(RunReport.Run run) {
    sampler.shutdownNow();
    logs.close();
    if (run.stats() != null) {
      timeline.record(run.stats(), true);
    }
    finished = run;
  }

  /**
   * The run succeeded with these figures and output (commands without a run report of their own).
   */
  public void succeeded(JobStats stats, WriteResult written) {
    RunReport.Run r = running.apply(stats);
    finish(
        new RunReport.Run(
            r.job(),
            r.file(),
            r.version(),
            r.backend(),
            r.start(),
            Instant.now(),
            0,
            "succeeded",
            null,
            null,
            stats,
            written,
            r.memoryBudget(),
            r.fresh(),
            r.tookOverLease()));
  }

  /**
   * Keeps log lines at {@code level} ({@link LogTail#LEVELS}) and above in the tail from now on;
   * call it right after {@link #start}, as lines logged before at a lower level are gone.
   */
  void logLevel(String level) {
    logs.minLevel(level);
  }

  /** Serves this run on {@code server} until {@link #close}. */
  void servedBy(UiServer server) {
    this.server = server;
  }

  /**
   * Writes the run's report to {@code reportPath} and its visual page beside it ({@link
   * RunReport#htmlPath}), both without the dashboard's run id; call after {@link #finish}.
   */
  public void writeReport(String reportPath, FsConfig config) throws IOException {
    ObjectNode tree = report();
    tree.remove("id");
    ReportPage.write(tree, reportPath, config);
  }

  /** The run's report now, with its timeline. */
  public ObjectNode report() {
    RunReport.Run r = finished;
    ObjectNode tree;
    if (r != null) {
      tree = RunReport.toTree(r, timeline);
      lastActors(tree);
    } else {
      tree = RunReport.toTree(running.apply(last), timeline);
      if (closed) {
        tree.put("outcome", "failed");
      }
    }
    tree.put("id", id);
    tree.set("logs", logs.lines());
    ObjectNode job = (ObjectNode) tree.get("job");
    if (!job.has("name")) {
      job.put("name", name);
    }
    return tree;
  }

  /**
   * A finished run's operators have no live state; their actor pools as the last snapshot saw them
   * (batches done, restarts) go into {@code actors}, so the report still shows its actors.
   */
  private void lastActors(ObjectNode tree) {
    JobStats seen = last;
    if (seen == null) {
      return;
    }
    for (JobStats.OperatorState s : seen.operatorStates()) {
      for (JsonNode op : tree.path("operators")) {
        if (op.path("name").asText().equals(s.name())
            && !s.actors().isEmpty()
            && !op.has("actors")) {
          ((ObjectNode) op).set("actors", RunReport.actors(s.actors()));
        }
      }
    }
  }

  @Override
  public List<ObjectNode> reports() {
    return List.of(report());
  }

  @Override
  public Optional<ObjectNode> report(String id) {
    return this.id.equals(id) ? Optional.of(report()) : Optional.empty();
  }

  @Override
  public boolean isLive(String id) {
    return finished == null && !closed;
  }

  /** The dashboard's address, or null when none is served. */
  public URI url() {
    UiServer s = server;
    return s == null ? null : s.url();
  }

  /** Stops sampling and the dashboard. */
  @Override
  public void close() {
    closed = true;
    sampler.shutdownNow();
    logs.close();
    UiServer s = server;
    if (s != null) {
      s.close();
    }
  }
}
