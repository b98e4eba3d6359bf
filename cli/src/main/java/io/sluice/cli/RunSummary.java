package io.sluice.cli;

import io.sluice.api.JobStats;
import io.sluice.api.spi.WriteResult;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.OptionalLong;

/** The lines a demo prints after its job: the stats table, throughput and peak memory. */
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
}
