package io.sluice.executor.run;

import io.sluice.api.SluiceException;
import io.sluice.executor.op.BlockingReason;
import io.sluice.executor.op.PhysicalOperator;
import io.sluice.executor.op.OperatorStatsView;
import java.time.Duration;
import java.util.function.IntFunction;
import java.util.function.LongSupplier;

/**
 * Notices a job that stopped making progress: no event and no move for the no-progress timeout
 * while work was pending (tasks running, or work ready or waiting for an actor). Waiting on a slow
 * consumer of the output is not stuck. It only reads: operators' answers, stats, and why the job
 * holds them. Loop thread only.
 */
final class Watchdog {

  private final String jobId;
  private final JobGraph graph;
  private final Duration timeout;
  private final JobView view;
  private final IntFunction<BlockingReason> whyBlocked;
  private final LongSupplier clock;
  private long lastProgressNanos;

  /**
   * @param whyBlocked operator index to why it starts nothing (its own reason or the scheduler's)
   * @param clock nanoseconds, {@code System::nanoTime} outside tests
   */
  Watchdog(String jobId, JobGraph graph, Duration timeout, JobView view, IntFunction<BlockingReason> whyBlocked,
      LongSupplier clock) {
    this.jobId = jobId;
    this.graph = graph;
    this.timeout = timeout;
    this.view = view;
    this.whyBlocked = whyBlocked;
    this.clock = clock;
    this.lastProgressNanos = clock.getAsLong();
  }

  /** Something happened: an event ran, a block moved or a task started. */
  void progressed() {
    lastProgressNanos = clock.getAsLong();
  }

  /** The failure to raise when the job is stuck, or null. */
  SluiceException check(int runningTasks) {
    if (clock.getAsLong() - lastProgressNanos < timeout.toNanos()) {
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
    return new SluiceException("job " + jobId + " made no progress for " + timeout.toSeconds()
        + " s (noProgressTimeout) and was stopped. State of each operator (why blocked):\n" + dump());
  }

  /** One line per operator: why it is blocked, tasks, memory, queues, actors. */
  String dump() {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < graph.size(); i++) {
      PhysicalOperator op = graph.get(i);
      OperatorStatsView s = op.stats();
      sb.append(String.format("  %-24s %-24s running=%d memory=%d B queued-in=%d B: %s%n", op.spec().name(),
          whyBlocked.apply(i), s.runningTasks(), view.memoryUsed(op), s.queuedInputBytes(), s.describeState()));
    }
    sb.append(String.format("  job memory %d of %d B budget", view.memoryUsed(), view.memoryBudget()));
    return sb.toString();
  }
}
