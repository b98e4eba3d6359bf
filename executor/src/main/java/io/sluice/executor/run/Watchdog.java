package io.sluice.executor.run;

import io.sluice.api.SluiceException;
import io.sluice.executor.op.BlockingReason;
import io.sluice.executor.op.PhysicalOperator;
import io.sluice.executor.plan.PhysicalPlan;
import java.time.Duration;

/**
 * Notices a job that stopped making progress: no event and no move for the no-progress timeout
 * while work was pending (tasks running, or work waiting for an actor). Waiting on a slow consumer
 * of the output is not stuck. Loop thread only.
 */
final class Watchdog {

  private final String jobId;
  private final PhysicalPlan plan;
  private final Duration timeout;
  private final JobView view;
  private long lastProgressNanos = System.nanoTime();

  Watchdog(String jobId, PhysicalPlan plan, Duration timeout, JobView view) {
    this.jobId = jobId;
    this.plan = plan;
    this.timeout = timeout;
    this.view = view;
  }

  /** Something happened: an event ran, a block moved or a task started. */
  void progressed() {
    lastProgressNanos = System.nanoTime();
  }

  /** The failure to raise when the job is stuck, or null. */
  SluiceException check(int runningTasks) {
    if (System.nanoTime() - lastProgressNanos < timeout.toNanos()) {
      return null;
    }
    boolean pending = runningTasks > 0;
    for (PhysicalOperator op : plan.operators()) {
      BlockingReason r = op.blocked();
      pending |= r == BlockingReason.NOT_BLOCKED || r == BlockingReason.WAITING_FOR_ACTOR;
    }
    if (!pending) {
      return null;
    }
    return new SluiceException("job " + jobId + " made no progress for " + timeout.toSeconds()
        + " s (noProgressTimeout) and was stopped. State of each operator:\n" + dump());
  }

  /** One line per operator: why it is blocked, tasks, memory, queues, actors. */
  String dump() {
    StringBuilder sb = new StringBuilder();
    for (PhysicalOperator op : plan.operators()) {
      sb.append(String.format("  %-24s %-24s running=%d memory=%d B queued-in=%d B: %s%n", op.name(),
          op.blocked(), op.runningTasks(), view.memoryUsed(op), op.queuedInputBytes(), op.describeState()));
    }
    sb.append(String.format("  job memory %d of %d B budget", view.memoryUsed(), view.memoryBudget()));
    return sb.toString();
  }
}
