package io.sluice.executor.run;

import io.sluice.api.SluiceException;
import io.sluice.executor.op.BlockingReason;
import io.sluice.executor.op.OperatorStatsView;
import io.sluice.executor.op.PhysicalOperator;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices a job that stopped making progress: no event and no move for the no-progress timeout
 * while work was pending (tasks running, or work ready or waiting for an actor). Waiting on a slow
 * consumer of the output is not stuck. It only reads: operators' answers, stats, and why the job
 * holds them. While the job is stuck, before the timeout, it logs the same dump every {@link
 * #reportInterval} (a tenth of the timeout, 1 to 60 s), so a stall is visible while it lasts, not
 * only when it ends the job. Loop thread only.
 */
final class Watchdog {

  private static final Logger LOG = LoggerFactory.getLogger(Watchdog.class);

  private final String jobId;
  private final JobGraph graph;
  private final Duration timeout;
  private final JobView view;
  private final IntFunction<BlockingReason> whyBlocked;
  private final LongSupplier clock;
  private final Consumer<String> log;
  private final long reportNanos;
  private long lastProgressNanos;
  private long lastReportNanos;

  /**
   * @param whyBlocked operator index to why it starts nothing (its own reason or the scheduler's)
   * @param clock nanoseconds, {@code System::nanoTime} outside tests
   */
  Watchdog(
      String jobId,
      JobGraph graph,
      Duration timeout,
      JobView view,
      IntFunction<BlockingReason> whyBlocked,
      LongSupplier clock) {
    this(jobId, graph, timeout, view, whyBlocked, clock, LOG::warn);
  }

  /**
   * As above; {@code log} receives each stall report (a warning in the job's log outside tests).
   */
  Watchdog(
      String jobId,
      JobGraph graph,
      Duration timeout,
      JobView view,
      IntFunction<BlockingReason> whyBlocked,
      LongSupplier clock,
      Consumer<String> log) {
    this.log = log;
    this.reportNanos = reportInterval(timeout).toNanos();
    this.jobId = jobId;
    this.graph = graph;
    this.timeout = timeout;
    this.view = view;
    this.whyBlocked = whyBlocked;
    this.clock = clock;
    this.lastProgressNanos = clock.getAsLong();
    this.lastReportNanos = lastProgressNanos;
  }

  /**
   * How often a stalled job is reported: a tenth of the no-progress timeout, at least 1 s, at most
   * 60 s.
   */
  static Duration reportInterval(Duration timeout) {
    Duration tenth = timeout.dividedBy(10);
    Duration floor = Duration.ofSeconds(1);
    Duration ceiling = Duration.ofMinutes(1);
    return tenth.compareTo(floor) < 0 ? floor : tenth.compareTo(ceiling) > 0 ? ceiling : tenth;
  }

  /** Something happened: an event ran, a block moved or a task started. */
  void progressed() {
    lastProgressNanos = clock.getAsLong();
    lastReportNanos = lastProgressNanos;
  }

  /**
   * The failure to raise when the job is stuck, or null. Before the timeout, logs the dump once per
   * report interval while work is pending and nothing moves.
   */
  SluiceException check(int runningTasks) {
    long now = clock.getAsLong();
    long idle = now - lastProgressNanos;
    boolean timedOut = idle >= timeout.toNanos();
    if (!timedOut && now - lastReportNanos < reportNanos) {
      return null;
    }
    boolean pending = runningTasks > 0;
    for (PhysicalOperator op : graph.operators()) {
      BlockingReason r = op.blocked().reason();
      pending |= r == BlockingReason.NOT_BLOCKED || r == BlockingReason.WAITING_FOR_ACTOR;
    }
    if (!pending) {
      return null;
    }
    if (!timedOut) {
      lastReportNanos = now;
      log.accept(
          "job "
              + jobId
              + " has made no progress for "
              + Duration.ofNanos(idle).toSeconds()
              + " s ("
              + runningTasks
              + " tasks running; it fails after "
              + timeout.toSeconds()
              + " s, noProgressTimeout). Why each operator waits:\n"
              + dump());
      return null;
    }
    return new SluiceException(
        "job "
            + jobId
            + " made no progress for "
            + timeout.toSeconds()
            + " s (noProgressTimeout) and was stopped. State of each operator (why blocked):\n"
            + dump());
  }

  /** One line per operator: why it is blocked, tasks, memory, queues, actors. */
  String dump() {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < graph.size(); i++) {
      PhysicalOperator op = graph.get(i);
      OperatorStatsView s = op.stats();
      sb.append(
          String.format(
              "  %-24s %-24s running=%d memory=%d B queued-in=%d B: %s%n",
              op.spec().name(),
              whyBlocked.apply(i),
              s.runningTasks(),
              view.memoryUsed(op),
              s.queuedInputBytes(),
              s.describeState()));
    }
    sb.append(
        String.format("  job memory %d of %d B budget", view.memoryUsed(), view.memoryBudget()));
    return sb.toString();
  }
}
