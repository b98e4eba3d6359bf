package io.sluice.cli.job;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.api.JobStats;
import io.sluice.api.spi.WriteResult;
import io.sluice.connectors.fs.FileSystems;
import io.sluice.connectors.fs.FsConfig;
import io.sluice.connectors.fs.FsPaths;
import io.sluice.flink.FlinkClusterView;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The machine-readable record of one {@code sluice run}, success or failure: {@code
 * run-report.json}, schema {@value #SCHEMA} version {@value #VERSION} (docs/run-report.md). Holds
 * no credential: the job definition and parameters are redacted by key, and messages come from
 * errors, which never carry credentials.
 */
public final class RunReport {

  public static final String SCHEMA = "sluice-run-report";
  public static final int VERSION = 1;

  /** The report's file name beside the output. */
  public static final String FILE_NAME = "run-report.json";

  /** The outcome of a run still going: live views only, never in a written report. */
  public static final String RUNNING = "running";

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /**
   * What a run did.
   *
   * @param job the resolved job (null when the job file could not be read)
   * @param file the job file as given
   * @param version Sluice's version
   * @param backend the execution backend's name
   * @param start when the run started
   * @param end when it ended
   * @param exitCode its exit status
   * @param outcome its outcome name ({@code succeeded}, {@code failed}...)
   * @param error the failure's one-paragraph message, or null
   * @param errorType the failure's exception class, or null
   * @param stats the engine's figures (null when nothing ran)
   * @param written the committed output (null when nothing was committed)
   * @param memoryBudget the executor's memory budget in bytes (0 when nothing ran)
   * @param fresh whether {@code --fresh} discarded checkpoints
   * @param tookOverLease a stale lease holder this run took over from, or null
   */
  public record Run(
      ResolvedJob job,
      String file,
      String version,
      String backend,
      Instant start,
      Instant end,
      int exitCode,
      String outcome,
      String error,
      String errorType,
      JobStats stats,
      WriteResult written,
      long memoryBudget,
      boolean fresh,
      String tookOverLease) {

    /** Rows this run wrote itself: the sink's input (0 when nothing ran). */
    public long processedRows() {
      if (stats == null || stats.operators().isEmpty()) {
        return 0;
      }
      JobStats.OperatorStats sink = stats.operators().get(stats.operators().size() - 1);
      return Math.max(sink.rowsIn(), sink.rowsOut());
    }

    /** Committed rows that earlier runs had checkpointed. */
    public long resumedRows() {
      return written == null ? 0 : Math.max(0, written.rows() - processedRows());
    }

    public long skippedRows() {
      return stats == null ? 0 : stats.skippedRows();
    }

    /**
     * The last line of the log: outcome, rows (this run's vs checkpointed), time, output and
     * report.
     */
    public String summary(String reportPath) {
      Run r = this;
      double seconds = Duration.between(r.start(), r.end()).toMillis() / 1000.0;
      StringBuilder sb = new StringBuilder("sluice run ");
      sb.append(r.job() == null ? r.file() : r.job().jobId())
          .append(": ")
          .append(r.outcome())
          .append(" (exit ")
          .append(r.exitCode())
          .append(")");
      sb.append(String.format(Locale.ROOT, " in %.1f s", seconds));
      if (r.written() != null) {
        long processed = r.processedRows();
        sb.append(String.format(Locale.ROOT, ": %,d rows committed", r.written().rows()));
        if (r.resumedRows() > 0) {
          sb.append(
              String.format(
                  Locale.ROOT,
                  " (%,d processed by this run at %,.0f rows/s, %,d from"
                      + " checkpoints of earlier runs)",
                  processed,
                  seconds > 0 ? processed / seconds : 0.0,
                  r.resumedRows()));
        } else {
          sb.append(
              String.format(
                  Locale.ROOT, " (%,.0f rows/s)", seconds > 0 ? processed / seconds : 0.0));
        }
        sb.append(" to ").append(r.written().destination());
      } else if (r.stats() != null) {
        sb.append(
            String.format(
                Locale.ROOT, ": %,d rows processed, nothing committed", r.processedRows()));
      }
      if (r.skippedRows() > 0) {
        sb.append(
            String.format(Locale.ROOT, ", %,d rows skipped into dead letters", r.skippedRows()));
      }
      if (reportPath != null) {
        sb.append("; report ").append(reportPath);
      }
      return sb.toString();
    }
  }

  private RunReport() {}

  /** The report as JSON. */
  public static String toJson(Run r) {
    return toJson(toTree(r, null));
  }

  /** A report tree as JSON text. */
  public static String toJson(ObjectNode tree) {
    try {
      return JSON.writeValueAsString(tree);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The report as a tree; with {@code timeline} (or null) its {@code timeline} object. Figures of a
   * running job (outcome {@code running}) add each operator's live {@code state} and {@code
   * memory.used_bytes}, and the exit code is null.
   */
  public static ObjectNode toTree(Run r, RunTimeline timeline) {
    ObjectNode root = JSON.createObjectNode();
    root.put("schema", SCHEMA);
    root.put("schema_version", VERSION);
    ObjectNode job = root.putObject("job");
    job.put("file", r.file());
    if (r.job() != null) {
      job.put("name", r.job().spec().name());
      job.put("job_id", r.job().jobId());
      job.put("date", r.job().date().toString());
      job.put("zone", r.job().spec().zone().getId());
      ObjectNode params = job.putObject("params");
      r.job().redactedParams().forEach(params::put);
    }
    root.put("sluice_version", r.version());
    root.put("backend", r.backend());
    root.put("host", hostName());
    root.put("started", r.start().toString());
    root.put("ended", r.end().toString());
    root.put("duration_seconds", Duration.between(r.start(), r.end()).toMillis() / 1000.0);
    root.put("outcome", r.outcome());
    if (RUNNING.equals(r.outcome())) {
      root.putNull("exit_code");
    } else {
      root.put("exit_code", r.exitCode());
    }
    if (r.error() != null) {
      ObjectNode err = root.putObject("error");
      err.put("type", r.errorType());
      err.put("message", r.error());
    } else {
      root.putNull("error");
    }
    root.put("fresh", r.fresh());
    if (r.tookOverLease() != null) {
      root.put("took_over_lease_from", r.tookOverLease());
    }
    ObjectNode rows = root.putObject("rows");
    rows.put("processed", r.processedRows());
    rows.put("resumed", r.resumedRows());
    rows.put("committed", r.written() == null ? 0 : r.written().rows());
    rows.put("skipped", r.skippedRows());
    ObjectNode out = root.putObject("output");
    if (r.job() != null) {
      out.put("path", r.job().spec().sink().path());
      out.put("format", r.job().spec().sink().format());
    }
    out.put("committed", r.written() != null);
    if (r.written() != null) {
      out.put("destination", r.written().destination());
      out.put("files", r.written().files().size());
      out.put("rows", r.written().rows());
      out.put("bytes", r.written().bytes());
    }
    ObjectNode dl = root.putObject("dead_letters");
    dl.put("rows", r.skippedRows());
    dl.put(
        "blocks",
        r.stats() == null
            ? 0
            : r.stats().operators().stream()
                .mapToLong(JobStats.OperatorStats::skippedBlocks)
                .sum());
    if (r.job() != null) {
      JobSpec.Execution ex = r.job().spec().execution();
      dl.put(
          "path",
          ex.deadLetterPath() != null
              ? ex.deadLetterPath()
              : r.job().spec().sink().path() + "_dead_letter");
      if (ex.warnErroredRows() != null) {
        dl.put("warn_threshold", ex.warnErroredRows());
      }
      dl.put("max_rows", ex.maxErroredRows());
    }
    ObjectNode mem = root.putObject("memory");
    mem.put("budget_bytes", r.memoryBudget());
    mem.put("peak_bytes", r.stats() == null ? 0 : r.stats().peakMemoryBytes());
    mem.put("spilled_bytes", r.stats() == null ? 0 : r.stats().spilledBytes());
    if (r.stats() != null && !r.stats().operatorStates().isEmpty()) {
      mem.put("used_bytes", r.stats().memoryUsedBytes());
    }
    ArrayNode ops = root.putArray("operators");
    if (r.stats() != null) {
      for (JobStats.OperatorStats o : r.stats().operators()) {
        ObjectNode n = ops.addObject();
        n.put("name", o.name());
        n.put("tasks", o.tasks());
        n.put("wall_seconds", o.wallNanos() / 1e9);
        n.put("busy_seconds", o.busyNanos() / 1e9);
        n.put("rows_in", o.rowsIn());
        n.put("rows_out", o.rowsOut());
        n.put("bytes_out", o.bytesOut());
        n.put("peak_bytes", o.peakBytes());
        n.put("spilled_bytes", r.stats().spilledBytes(o.name()));
        n.put("retries", o.retries());
        n.put("actor_restarts", o.actorRestarts());
        n.put("skipped_rows", o.skippedRows());
        n.put("skipped_blocks", o.skippedBlocks());
        r.stats().operatorStates().stream()
            .filter(s -> s.name().equals(o.name()))
            .findFirst()
            .ifPresent(s -> putState(n.putObject("state"), s));
      }
    }
    if (r.stats() != null) {
      FlinkClusterView.of(r.stats()).ifPresent(v -> root.set("flink", FlinkReportNode.of(v)));
    }
    if (r.job() != null) {
      root.set("definition", r.job().redacted());
    }
    if (timeline != null) {
      root.set("timeline", timeline.toJson());
    }
    return root;
  }

  /** An operator's live state: tasks running, queued bytes, memory, why blocked, its actors. */
  private static void putState(ObjectNode n, JobStats.OperatorState s) {
    n.put("running_tasks", s.runningTasks());
    n.put("queued_bytes", s.queuedInputBytes());
    n.put("memory_bytes", s.memoryBytes());
    n.put("blocked", s.blocked());
    n.put("expected_rows", s.expectedRows());
    n.set("actors", actors(s.actors()));
  }

  /**
   * An actor pool as the report writes it: each actor's {@code index}, {@code state}, {@code cpus},
   * {@code device}, {@code batches} done, {@code restarts} of its line and {@code
   * batch_age_seconds} (null when it runs none).
   */
  public static ArrayNode actors(List<JobStats.ActorState> pool) {
    ArrayNode actors = JSON.createArrayNode();
    for (JobStats.ActorState a : pool) {
      ObjectNode o = actors.addObject();
      o.put("index", a.index());
      o.put("state", a.state());
      o.put("cpus", a.cpus());
      o.put("device", a.device());
      o.put("batches", a.batches());
      o.put("restarts", a.restarts());
      if (a.batchAgeMillis() >= 0) {
        o.put("batch_age_seconds", a.batchAgeMillis() / 1000.0);
      } else {
        o.putNull("batch_age_seconds");
      }
    }
    return actors;
  }

  /**
   * Where the visual report goes: beside {@code reportPath}, {@code .json} replaced by {@code
   * .html}.
   */
  public static String htmlPath(String reportPath) {
    return (reportPath.endsWith(".json")
            ? reportPath.substring(0, reportPath.length() - 5)
            : reportPath)
        + ".html";
  }

  /** Where the report goes by default: {@value #FILE_NAME} beside the output directory. */
  public static String defaultPath(String output) {
    return output.replaceAll("/+$", "") + "." + FILE_NAME;
  }

  /** Writes the report to {@code location} (any Hadoop file system), replacing an older one. */
  public static void write(Run r, String location, FsConfig config) throws IOException {
    write(toJson(r), location, config);
  }

  /** Writes {@code text} to {@code location} (any Hadoop file system), replacing an older file. */
  public static void write(String text, String location, FsConfig config) throws IOException {
    Path p = FsPaths.toPath(location);
    FileSystem fs = FileSystems.get(p, config);
    if (p.getParent() != null) {
      fs.mkdirs(p.getParent());
    }
    try (OutputStream o = fs.create(p, true)) {
      o.write(text.getBytes(StandardCharsets.UTF_8));
    }
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "localhost";
    }
  }
}
