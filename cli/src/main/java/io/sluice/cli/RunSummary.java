package io.sluice.cli;

import io.sluice.api.JobStats;
import io.sluice.api.spi.WriteResult;
import io.sluice.cli.job.RunReport;
import io.sluice.cli.ui.LiveRun;
import io.sluice.connectors.fs.FsConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The lines a demo prints after its job: the stats table, throughput and peak memory; and its run
 * report beside the output.
 */
final class RunSummary {

  private RunSummary() {}

  static void print(PrintWriter out, JobStats stats, WriteResult written, long memoryBudget) {
    double seconds = stats.wallTime().toNanos() / 1e9;
    out.println();
    out.print(stats.toTable());
    out.println();
    out.printf(
        Locale.ROOT,
        "rows/s:  %,.0f end to end (%,d rows in %.1f s)%n",
        seconds > 0 ? written.rows() / seconds : 0.0,
        written.rows(),
        seconds);
    OptionalLong rss = PeakRss.bytes();
    out.printf(
        Locale.ROOT,
        "memory:  peak Arrow %s (budget %s), peak JVM RSS %s%n",
        ByteSize.format(stats.peakMemoryBytes()),
        ByteSize.format(memoryBudget),
        rss.isPresent()
            ? ByteSize.format(rss.getAsLong()) + " (VmHWM)"
            : "n/a (no /proc/self/status)");
    out.printf(
        Locale.ROOT,
        "output:  %s (%d files, %s)%n",
        written.destination(),
        written.files().size(),
        ByteSize.format(written.bytes()));
    out.flush();
  }

  /**
   * Writes a succeeded demo's run report and visual page ({@code run-report.html}, with the charts
   * the dashboard drew) beside {@code output}, as {@code sluice run} does, and says where; a report
   * that cannot be written is a warning, the output stands.
   */
  static void report(
      PrintWriter out,
      PrintWriter err,
      LiveRun live,
      String output,
      Map<String, String> fsOptions) {
    String path = RunReport.defaultPath(output);
    try {
      live.writeReport(path, FsConfig.fromOptions(fsOptions));
      out.printf(Locale.ROOT, "report:  %s (%s)%n", RunReport.htmlPath(path), path);
    } catch (IOException | RuntimeException e) {
      err.println("sluice: could not write the run report " + path + ": " + ErrorReport.of(e));
    }
    out.flush();
  }
}
