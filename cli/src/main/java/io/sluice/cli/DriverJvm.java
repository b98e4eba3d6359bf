package io.sluice.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.cli.job.RunReport;
import io.sluice.connectors.fs.FsConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code sluice submit}'s supervisor: runs the driver in a child JVM (the launcher's java, flags
 * and class path; {@code submit --handoff FILE} there) and ends every submission with a run report
 * and a summary, whatever way the driver ended. A driver that returns or throws gets them from the
 * child itself, which then writes {@value #DONE} to the hand-off file. One that calls {@code
 * System.exit} leaves the child's shutdown hook's report there (its figures up to then), which this
 * completes with the exit status that only the parent can know (a shutdown hook cannot read it).
 * One that dies without running hooks ({@code Runtime.halt}, SIGKILL, the OOM killer, a crash)
 * leaves nothing, and this writes a report of its own, without figures.
 *
 * <p>Why a child JVM rather than trapping {@code System.exit} in-process: the SecurityManager that
 * could veto it is deprecated for removal (JEP 411) and refused by default from Java 18, and a
 * shutdown hook alone neither knows the status nor runs after a halt or a kill. The price is a
 * second JVM start (about half a second) and an idle launcher JVM beside the driver's.
 */
final class DriverJvm {

  /** What the child writes to the hand-off file once it wrote the report and summary itself. */
  static final String DONE = "done";

  private DriverJvm() {}

  /**
   * Runs {@code submit --handoff FILE submitArgs...} in a child JVM that shares this one's stdin,
   * stdout and stderr, and returns its exit status after making sure the report exists.
   */
  static int run(
      List<String> submitArgs,
      String driver,
      String backend,
      String reportPath,
      PrintWriter out,
      PrintWriter err)
      throws IOException, InterruptedException {
    Instant start = Instant.now();
    Path handoff = Files.createTempFile("sluice-submit-", ".json");
    Files.delete(handoff); // the child creates it: no file means it wrote nothing
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    for (String flag : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (!flag.startsWith("-agentlib:jdwp")) { // a debugger's port is taken by this JVM
        cmd.add(flag);
      }
    }
    cmd.addAll(
        List.of(
            "-cp",
            System.getProperty("java.class.path"),
            Main.class.getName(),
            "submit",
            "--handoff",
            handoff.toString()));
    cmd.addAll(submitArgs);
    // inherited, not piped: the driver's progress bars see the terminal, and nothing sits in
    // between
    Process child = new ProcessBuilder(cmd).inheritIO().start();
    // a scheduler's SIGTERM (timeout, kill) reaches this JVM: pass it on and give the driver time
    // to stop
    Thread stopChild =
        new Thread(
            () -> {
              child.destroy();
              try {
                child.waitFor(30, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "sluice-submit-stop-driver");
    Runtime.getRuntime().addShutdownHook(stopChild);
    out.flush();
    err.flush();
    int status = child.waitFor();
    try {
      Runtime.getRuntime().removeShutdownHook(stopChild);
    } catch (IllegalStateException shuttingDown) {
      // the hook is running: the child has ended anyway
    }
    try {
      complete(handoff, status, driver, backend, start, reportPath, out, err);
    } finally {
      Files.deleteIfExists(handoff);
    }
    return status;
  }

  /** Makes sure a report of this submission exists, with the child's exit status. */
  private static void complete(
      Path handoff,
      int status,
      String driver,
      String backend,
      Instant start,
      String reportPath,
      PrintWriter out,
      PrintWriter err)
      throws IOException {
    String left = Files.exists(handoff) ? Files.readString(handoff, StandardCharsets.UTF_8) : null;
    if (DONE.equals(left)) {
      return;
    }
    ObjectNode report;
    String why;
    if (left != null) { // the child's shutdown hook ran
      report = (ObjectNode) new ObjectMapper().readTree(left);
      why =
          status > 128
              ? "the driver's JVM was stopped by signal " + (status - 128)
              : "the driver called System.exit(" + status + ")";
    } else {
      Instant now = Instant.now();
      report =
          RunReport.toTree(
              new RunReport.Run(
                  null,
                  driver,
                  SubmitCommand.version(),
                  backend,
                  start,
                  now,
                  status,
                  "",
                  null,
                  null,
                  null,
                  null,
                  0,
                  false,
                  null),
              null);
      why =
          "the driver's JVM ended with status "
              + status
              + " without a report"
              + (status > 128
                  ? " (killed by signal " + (status - 128) + ": SIGKILL, the OOM killer?)"
                  : " (Runtime.halt, or a crash: see its output above)");
    }
    String outcome =
        status == 0
            ? ExitCode.OK.outcome
            : status == ExitCode.RETRY_LATER.code
                ? ExitCode.RETRY_LATER.outcome
                : ExitCode.FAILED.outcome;
    report.put("outcome", outcome);
    report.put("exit_code", status);
    Instant end = Instant.now();
    Instant started =
        report.hasNonNull("started") ? Instant.parse(report.get("started").asText()) : start;
    report.put("ended", end.toString());
    report.put("duration_seconds", Duration.between(started, end).toMillis() / 1000.0);
    if (status != 0) {
      ObjectNode error = report.putObject("error");
      error.put("type", "exit");
      error.put("message", why);
    }
    try {
      RunReport.write(RunReport.toJson(report), reportPath, FsConfig.fromOptions(Map.of()));
    } catch (IOException | RuntimeException ex) {
      err.println(
          "sluice submit: could not write the run report "
              + reportPath
              + ": "
              + ErrorReport.of(ex));
    }
    PrintWriter to = status == 0 ? out : err;
    to.println(summary(report, driver, why, reportPath));
    to.flush();
  }

  /** The summary line of a report this supervisor completed. */
  static String summary(ObjectNode report, String driver, String why, String reportPath) {
    StringBuilder sb =
        new StringBuilder("sluice submit ")
            .append(driver)
            .append(": ")
            .append(report.path("outcome").asText())
            .append(" (exit ")
            .append(report.path("exit_code").asInt())
            .append(")")
            .append(
                String.format(
                    Locale.ROOT, " in %.1f s", report.path("duration_seconds").asDouble()));
    if (report.at("/output/committed").asBoolean()) {
      sb.append(
          String.format(
              Locale.ROOT,
              ": %,d rows committed to %s",
              report.at("/rows/committed").asLong(),
              report.at("/output/destination").asText()));
    } else if (report.at("/rows/processed").asLong() > 0) {
      sb.append(
          String.format(
              Locale.ROOT,
              ": %,d rows processed, nothing committed",
              report.at("/rows/processed").asLong()));
    }
    return sb.append("; ").append(why).append("; report ").append(reportPath).toString();
  }
}
