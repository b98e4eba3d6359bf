package io.sluice.cli;

import io.sluice.api.JobStats;
import io.sluice.api.Sluice;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One compact status line every N seconds while a job runs, for logs (cron, systemd, Kubernetes):
 * where a terminal gets redrawn progress bars, a log gets {@code status nightly-2026-12-01: 120,000
 * rows, 4,100 rows/s, memory 310 MiB / 512 MiB, blocked: Embed waiting_for_actor}. The rows are the
 * sink's input (the last operator's), the rate is over the last interval. Reads the backend's live
 * snapshots ({@code runningJobStats()}), so it shows only what the backend exposes (the local one:
 * everything; Flink: nothing until the end).
 *
 * <p>Call order: {@link #start} once, {@link #close} once after the job ended. Prints nothing while
 * no job runs.
 */
final class StatusLines implements AutoCloseable {

  private final Sluice sluice;
  private final String name;
  private final PrintWriter err;
  private final long budget;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "sluice-status-lines");
            t.setDaemon(true);
            return t;
          });
  private long lastRows;
  private long lastNanos = System.nanoTime();

  private StatusLines(Sluice sluice, String name, PrintWriter err) {
    this.sluice = sluice;
    this.name = name;
    this.err = err;
    this.budget = sluice.options().resources().memoryBudgetBytes().orElse(0);
  }

  /**
   * Prints a line every {@code seconds} on {@code err} until closed; {@code seconds <= 0}: never.
   */
  static StatusLines start(Sluice sluice, String name, PrintWriter err, int seconds) {
    StatusLines s = new StatusLines(sluice, name, err);
    if (seconds > 0) {
      s.timer.scheduleAtFixedRate(s::printLine, seconds, seconds, TimeUnit.SECONDS);
    }
    return s;
  }

  /** Whether a status line goes out instead of progress bars: no terminal, or bars turned off. */
  static boolean wanted(boolean noProgress) {
    return noProgress || System.console() == null;
  }

  private void printLine() {
    try {
      List<JobStats> running = sluice.backend().runningJobStats();
      if (running.isEmpty()) {
        return;
      }
      String line = line(running.get(running.size() - 1));
      synchronized (err) {
        err.println(line);
        err.flush();
      }
    } catch (RuntimeException e) {
      // a snapshot taken while the job ends: the next line (or the summary) tells
    }
  }

  /** The line for one snapshot. */
  String line(JobStats s) {
    long now = System.nanoTime();
    List<JobStats.OperatorStats> ops = s.operators();
    long rows = ops.isEmpty() ? 0 : ops.get(ops.size() - 1).rowsIn();
    double seconds = (now - lastNanos) / 1e9;
    double rate = seconds > 0 ? Math.max(0, rows - lastRows) / seconds : 0;
    lastRows = rows;
    lastNanos = now;
    StringBuilder sb =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "status %s: %,d rows, %,.0f rows/s, memory %s",
                name,
                rows,
                rate,
                ByteSize.format(s.memoryUsedBytes())));
    if (budget > 0) {
      sb.append(" / ").append(ByteSize.format(budget));
    }
    StringBuilder blocked = new StringBuilder();
    for (JobStats.OperatorState st : s.operatorStates()) {
      if (!st.blocked().equals("not_blocked") && !st.blocked().equals("done")) {
        blocked
            .append(blocked.isEmpty() ? "" : ", ")
            .append(st.name())
            .append(' ')
            .append(st.blocked());
      }
    }
    if (!blocked.isEmpty()) {
      sb.append(", blocked: ").append(blocked);
    }
    return sb.toString();
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
