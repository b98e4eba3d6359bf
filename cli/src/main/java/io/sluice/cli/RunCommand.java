package io.sluice.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.api.Dataset;
import io.sluice.api.ExecutionOptions;
import io.sluice.api.JobStats;
import io.sluice.api.Sluice;
import io.sluice.api.SluiceException;
import io.sluice.api.spi.WriteOptions;
import io.sluice.api.spi.WriteResult;
import io.sluice.cli.job.JobFileException;
import io.sluice.cli.job.JobFiles;
import io.sluice.cli.job.JobInputs;
import io.sluice.cli.job.JobMetrics;
import io.sluice.cli.job.JobSpec;
import io.sluice.cli.job.Lease;
import io.sluice.cli.job.LeaseHeldException;
import io.sluice.cli.job.PipelineBuilder;
import io.sluice.cli.job.ResolvedJob;
import io.sluice.cli.job.RunReport;
import io.sluice.cli.job.RunSampler;
import io.sluice.cli.ui.LiveRun;
import io.sluice.cli.ui.ReportPage;
import io.sluice.cli.ui.UiOptions;
import io.sluice.connectors.fs.CommitProtocols;
import io.sluice.connectors.fs.FsConfig;
import io.sluice.connectors.s3.S3Options;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code sluice run JOB.yaml}: runs a job file (docs/job-files.md) for one date, resumably, under a
 * lease, and ends with an exit code a scheduler understands, a run report and a one-line summary.
 */
@Command(
    name = "run",
    sortOptions = false,
    mixinStandardHelpOptions = true,
    description = {
      "Run a job file (docs/job-files.md): source -> steps -> sink, for one date.",
      "Resumable by default (job id = name + date), never two runs of one job and date at once (a lease"
          + " beside the output), a run report (run-report.json) beside the output."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:succeeded",
      "1:the job failed (the message names the file, column or option at fault)",
      "2:bad command line or job file (line, key and what was expected)",
      "3:another run of this job and date holds the lease (the message names it)",
      "4:finished, but more rows were skipped than execution.warn_errored_rows (dead letters written)",
      "75:a failure worth retrying later: storage unreachable or throttling (EX_TEMPFAIL)"
    })
final class RunCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "JOB.yaml", description = "The job file.")
  Path jobFile;

  @Option(
      names = "--date",
      paramLabel = "YYYY-MM-DD",
      description =
          "The run date, ${date} in the job (default: today in the job's zone, UTC unless it sets one).")
  String date;

  @Option(
      names = "--set",
      paramLabel = "NAME=VALUE",
      description =
          "A parameter, ${param.NAME} in the job;" + " overrides the job's params:. Repeatable.")
  Map<String, String> sets = new LinkedHashMap<>();

  @Option(
      names = "--dry-run",
      description = "Print the resolved job and the optimized plan; run nothing.")
  boolean dryRun;

  @Option(
      names = "--fresh",
      description = "Discard this job and date's checkpoints and start over.")
  boolean fresh;

  @Option(
      names = "--report",
      paramLabel = "PATH",
      description =
          "Where the run report goes (default: <output>.run-report.json beside the output).")
  String report;

  @Option(
      names = "--jar",
      paramLabel = "JAR",
      description = "A jar with the job's own classes (udf:, filter:" + " class). Repeatable.")
  List<Path> jars = new ArrayList<>();

  @Option(
      names = {"-D", "--conf"},
      paramLabel = "KEY=VALUE",
      description =
          "A file-system setting (fs.*) for"
              + " every read and write; S3 credentials may also come from AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY.")
  Map<String, String> conf = new LinkedHashMap<>();

  @Option(
      names = "--no-progress",
      description = "Do not draw progress bars (they are drawn only on a terminal).")
  boolean noProgress;

  @Option(
      names = "--metrics-port",
      paramLabel = "PORT",
      description =
          "Serve Prometheus metrics on"
              + " 127.0.0.1:PORT/metrics while the run lasts (0: any free port, printed).")
  Integer metricsPort;

  @Option(
      names = "--pushgateway",
      paramLabel = "URL",
      description =
          "Push the run's metrics to this Prometheus"
              + " Pushgateway at its end (pushAdd, grouped by job), e.g. http://127.0.0.1:9091.")
  String pushgateway;

  @Option(
      names = "--push-interval",
      paramLabel = "SECONDS",
      description =
          "With --pushgateway: also push the"
              + " run's state every SECONDS while it lasts (default: only at the end).")
  Integer pushInterval;

  @Option(
      names = "--status-interval",
      paramLabel = "SECONDS",
      defaultValue = "30",
      description =
          "Without a"
              + " terminal (cron, logs) or with --no-progress: one status line (rows, rows/s, memory, what is blocked)"
              + " every SECONDS instead of progress bars; 0: none (default: ${DEFAULT-VALUE}).")
  int statusInterval;

  @Mixin ClusterOption cluster;

  @Mixin UiOptions ui;

  private JobMetrics metrics;

  /**
   * Follows the engine's live snapshots (live metrics, why-blocked time); null until the engine is
   * open.
   */
  private RunSampler sampler;

  /**
   * The report's inputs (files and bytes per source), listed once the source exists; null before.
   */
  private ArrayNode inputs;

  /** Watches the run for the dashboard and the visual report; null until the executor runs. */
  private LiveRun live;

  private final Clock clock;

  RunCommand() {
    this(Clock.systemUTC());
  }

  RunCommand(Clock clock) {
    this.clock = clock;
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Instant start = clock.instant();
    ResolvedJob job = null;
    try {
      if (cluster.address != null) {
        ClusterOption.check(cluster.address);
      }
      LocalDate day = date == null ? null : JobFiles.parseDate(date);
      job = JobFiles.load(jobFile, day, sets, clock);
      if (cluster.address != null) {
        ClusterOption.checkPaths(job);
      }
      ClassLoader loader = classLoader();
      if (dryRun) {
        JobDryRun.print(
            job,
            loader,
            out,
            executionOptions(job.spec()),
            fsOptions(),
            Resumption.resumable(job, cluster.address != null),
            report != null ? report : RunReport.defaultPath(job.spec().sink().path()));
        return ExitCode.OK.code;
      }
      return execute(job, loader, start, out, err);
    } catch (JobFileException | IllegalArgumentException e) {
      err.println("sluice run: " + e.getMessage());
      err.flush();
      writeReportQuietly(job, start, ExitCode.BAD_INPUT, e, null, null, 0, null, err, report);
      return ExitCode.BAD_INPUT.code;
    } catch (RuntimeException e) { // a dry run that cannot plan (missing input, bad columns)
      ExitCode code = ExitCode.ofFailure(e);
      err.println(
          "sluice run "
              + jobFile
              + " failed"
              + (code == ExitCode.RETRY_LATER ? " (retry later)" : "")
              + ": "
              + ErrorReport.of(e));
      err.flush();
      return code.code;
    }
  }

  private int execute(
      ResolvedJob job, ClassLoader loader, Instant start, PrintWriter out, PrintWriter err) {
    JobSpec spec = job.spec();
    Map<String, String> fs = fsOptions();
    Map<String, String> sinkOptions = new LinkedHashMap<>(fs);
    sinkOptions.putAll(spec.sink().options());
    FsConfig sinkConfig = FsConfig.fromOptions(sinkOptions);
    String reportPath = report != null ? report : RunReport.defaultPath(spec.sink().path());
    boolean resumable = Resumption.resumable(job, cluster.address != null);
    Lease lease;
    try {
      lease =
          Lease.acquire(
              spec.sink().path(), job.jobId(), sinkConfig, spec.execution().leaseTimeout(), clock);
    } catch (LeaseHeldException e) {
      err.println("sluice run: " + e.getMessage());
      err.flush();
      // not beside the output: that report belongs to the run holding the lease
      writeReportQuietly(job, start, ExitCode.LOCKED, e, null, null, 0, null, err, report);
      return ExitCode.LOCKED.code;
    } catch (Exception e) {
      return failed(job, start, e, null, null, 0, null, err, reportPath);
    }
    Thread releaseOnExit = new Thread(lease::close, "sluice-lease-release");
    Runtime.getRuntime().addShutdownHook(releaseOnExit);
    startMetrics(spec.name(), start, err);
    JobStats stats = null;
    WriteResult written = null;
    long budget = 0;
    try (lease;
        Sluice sluice = cluster.open(executionOptions(spec), jars);
        StatusLines status =
            StatusLines.start(
                sluice, job.jobId(), err, StatusLines.wanted(noProgress) ? statusInterval : 0)) {
      budget = sluice.options().resources().memoryBudgetBytes().orElse(0);
      long budgetNow = budget;
      sampler = new RunSampler(sluice.backend()::runningJobStats).start();
      metrics.live(sampler::latest);
      metrics.budget(budget);
      live =
          ui.start(
              job.jobId(),
              spec.name(),
              sluice,
              s ->
                  new RunReport.Run(
                      job,
                      jobFile.toString(),
                      version(),
                      cluster.backendName(),
                      start,
                      clock.instant(),
                      -1,
                      RunReport.RUNNING,
                      null,
                      null,
                      s,
                      null,
                      budgetNow,
                      fresh,
                      lease.tookOver()),
              err);
      if (lease.tookOver() != null) {
        err.println("sluice run: took over the stale lease of " + lease.tookOver());
      }
      if (fresh
          && resumable
          && CommitProtocols.discardJobRecords(sinkConfig, spec.sink().path(), job.jobId())) {
        err.println("sluice run: --fresh: discarded the checkpoints of " + job.jobId());
      }
      if (!fresh && Resumption.alreadyCommitted(job, sinkConfig)) {
        out.println(
            "sluice run "
                + job.jobId()
                + ": already committed by an earlier run ("
                + spec.sink().path()
                + "/_SUCCESS); nothing to do (to redo it: sink mode overwrite and --fresh)");
        out.flush();
        return ExitCode.OK.code;
      }
      DemoCorpus.ensure(sluice, spec.source(), err);
      inputs = JobInputs.describe(spec.source(), fs);
      err.flush();
      Dataset ds = new PipelineBuilder(job, loader).build(sluice, spec, fs);
      WriteOptions options =
          new WriteOptions(
              spec.sink().mode(),
              spec.sink().fileBytes(),
              sinkOptions,
              resumable ? job.jobId() : null);
      try {
        written = ds.write(Sluice.format(spec.sink().format()).sink(spec.sink().path(), options));
        stats = written.stats();
      } catch (RuntimeException e) {
        stats = SluiceException.jobStatsOf(e).orElse(null); // the failed job's figures
        throw e;
      }
      if (stats != null) {
        out.println();
        out.print(stats.toTable());
      }
      ExitCode code = ExitCode.OK;
      Long warn = spec.execution().warnErroredRows();
      long skipped = stats == null ? 0 : stats.skippedRows();
      String error = null;
      if (skipped > (warn == null ? 0 : warn)) {
        code = ExitCode.ROWS_SKIPPED;
        error =
            skipped
                + " rows were skipped (warning threshold "
                + (warn == null ? 0 : warn)
                + "); they are in the dead letters";
        err.println("sluice run: " + error);
      }
      RunReport.Run run = run(job, start, code, error, null, stats, written, budget, lease);
      writeReport(run, reportPath, sinkConfig, err);
      out.println(run.summary(reportPath));
      out.flush();
      err.flush();
      return code.code;
    } catch (JobFileException e) {
      err.println("sluice run: " + e.getMessage());
      writeReportQuietly(
          job, start, ExitCode.BAD_INPUT, e, stats, written, budget, lease, err, reportPath);
      err.flush();
      return ExitCode.BAD_INPUT.code;
    } catch (Exception e) {
      return failed(job, start, e, stats, written, budget, lease, err, reportPath);
    } finally {
      metrics.close();
      if (sampler != null) {
        sampler.close();
      }
      if (live != null) {
        live.close();
      }
      try {
        Runtime.getRuntime().removeShutdownHook(releaseOnExit);
      } catch (IllegalStateException shuttingDown) {
        // the hook is running or will run: it releases the lease
      }
    }
  }

  private int failed(
      ResolvedJob job,
      Instant start,
      Exception e,
      JobStats stats,
      WriteResult written,
      long budget,
      Lease lease,
      PrintWriter err,
      String reportPath) {
    ExitCode code = ExitCode.ofFailure(e);
    err.println(
        "sluice run "
            + job.jobId()
            + " failed"
            + (code == ExitCode.RETRY_LATER ? " (retry later)" : "")
            + ": "
            + ErrorReport.of(e));
    if (Boolean.getBoolean("sluice.verbose")
        || System.getProperty(Main.LOG_LEVEL_PROPERTY, "").equals("info")) {
      e.printStackTrace(err);
    }
    RunReport.Run run =
        writeReportQuietly(job, start, code, e, stats, written, budget, lease, err, reportPath);
    err.println(run.summary(reportPath));
    err.flush();
    return code.code;
  }

  private RunReport.Run run(
      ResolvedJob job,
      Instant start,
      ExitCode code,
      String error,
      Throwable failure,
      JobStats stats,
      WriteResult written,
      long budget,
      Lease lease) {
    return new RunReport.Run(
        job,
        jobFile.toString(),
        version(),
        cluster.backendName(),
        start,
        clock.instant(),
        code.code,
        code.outcome,
        failure != null ? ErrorReport.of(failure) : error,
        failure != null ? failure.getClass().getName() : null,
        stats,
        written,
        budget,
        fresh,
        lease == null ? null : lease.tookOver());
  }

  private RunReport.Run writeReportQuietly(
      ResolvedJob job,
      Instant start,
      ExitCode code,
      Throwable e,
      JobStats stats,
      WriteResult written,
      long budget,
      Lease lease,
      PrintWriter err,
      String path) {
    RunReport.Run run = run(job, start, code, null, e, stats, written, budget, lease);
    if (path != null) {
      writeReport(run, path, FsConfig.fromOptions(fsOptions()), err);
    }
    return run;
  }

  /** Writes the report and publishes the run's metrics (a failure of either is a warning). */
  private void writeReport(RunReport.Run run, String path, FsConfig config, PrintWriter err) {
    ObjectNode tree = RunReport.toTree(run, null);
    if (live != null) { // the same report, with the run's timeline
      live.finish(run);
      tree = live.report();
      tree.remove("id");
    }
    if (inputs != null) {
      tree.set("inputs", inputs);
    }
    if (sampler
        != null) { // where each operator waited; for a failed run also where it stood at the end
      sampler.close();
      sampler.annotate(
          tree,
          run.exitCode() == ExitCode.FAILED.code || run.exitCode() == ExitCode.RETRY_LATER.code);
    }
    try {
      ReportPage.write(tree, path, config);
    } catch (Exception e) {
      err.println("sluice run: could not write the run report " + path + ": " + ErrorReport.of(e));
    }
    if (metrics == null) {
      return;
    }
    metrics.record(run);
    if (pushgateway != null) {
      try {
        metrics.push(
            pushgateway,
            run.exitCode() == ExitCode.OK.code || run.exitCode() == ExitCode.ROWS_SKIPPED.code);
      } catch (Exception e) {
        err.println(
            "sluice run: could not push the metrics to " + pushgateway + ": " + ErrorReport.of(e));
      }
    }
  }

  private void startMetrics(String name, Instant start, PrintWriter err) {
    metrics = new JobMetrics(name);
    try {
      int port = metrics.start(start, metricsPort == null ? -1 : metricsPort);
      if (port > 0) {
        err.println("sluice run: metrics on http://127.0.0.1:" + port + "/metrics");
      }
    } catch (IOException e) {
      err.println(
          "sluice run: cannot serve metrics on port " + metricsPort + ": " + ErrorReport.of(e));
    }
    if (pushgateway != null && pushInterval != null && pushInterval > 0) {
      metrics.pushEvery(pushgateway, Duration.ofSeconds(pushInterval));
    }
  }

  private ExecutionOptions executionOptions(JobSpec spec) {
    return spec.execution().options(!noProgress);
  }

  /** S3 settings from the environment, overridden by {@code -D}. */
  private Map<String, String> fsOptions() {
    Map<String, String> all =
        new LinkedHashMap<>(S3Options.fromEnvironment(System.getenv()).toProperties());
    all.putAll(conf);
    return all;
  }

  private ClassLoader classLoader() {
    ClassLoader parent = RunCommand.class.getClassLoader();
    return jars.isEmpty() ? parent : new URLClassLoader(UserJars.urls(jars), parent);
  }

  private static String version() {
    return new SluiceCommand.Version().getVersion()[0].replace("sluice ", "");
  }
}
