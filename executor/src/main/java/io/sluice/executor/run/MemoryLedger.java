package io.sluice.executor.run;

import io.sluice.executor.op.OperatorMetrics;
import io.sluice.executor.op.PhysicalOperator;
import io.sluice.executor.plan.PhysicalPlan;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Profiles operators online from their metrics and reserves memory for the output running tasks
 * have not produced yet. A running task's future output (not yet flushed, or still being built on the
 * heap by its UDF) is invisible to the allocators; reserving {@code expected - produced} for it lets
 * policies keep the hard limit instead of discovering the overshoot afterwards. Loop thread only.
 */
final class MemoryLedger {

  private final PhysicalPlan plan;
  private final Map<PhysicalOperator, Integer> index = new HashMap<>();
  private final int[] maxRunning;
  private final long[] reserved;
  private final OperatorProfile[] profiles;
  private long totalReserved;

  MemoryLedger(PhysicalPlan plan) {
    this.plan = plan;
    this.maxRunning = new int[plan.size()];
    this.reserved = new long[plan.size()];
    this.profiles = new OperatorProfile[plan.size()];
    for (int i = 0; i < plan.size(); i++) {
      index.put(plan.get(i), i);
    }
  }

  /** Refreshes profiles and reservations from the operators' metrics. */
  void update() {
    totalReserved = 0;
    for (int i = 0; i < plan.size(); i++) {
      PhysicalOperator op = plan.get(i);
      OperatorMetrics m = op.metrics();
      int running = op.runningTasks();
      maxRunning[i] = Math.max(maxRunning[i], running);
      long avgOut = m.tasksDone > 0 ? m.bytesOut / Math.max(1, m.tasksStarted - running)
          : Math.max(0, op.estimatedTaskOutputBytes());
      long in = m.bytesInDone > 0 ? m.bytesInDone : bytesIn(i);
      double ratio = in > 0 && m.tasksDone > 0 ? (double) m.bytesOut / in : 1.0;
      double secs = m.tasksDone > 0 ? m.busyNanos / 1e9 / m.tasksDone : 0;
      profiles[i] = new OperatorProfile(m.tasksDone, secs, avgOut, ratio, Math.max(1, maxRunning[i]));
      long r = plan.consumer(i) < 0 ? 0 : Math.max(0, Math.min(m.tasksStarted * avgOut - m.bytesOut, running * avgOut));
      reserved[i] = r;
      totalReserved += r;
    }
  }

  /** Bytes the producers of operator {@code i} handed it. */
  long bytesIn(int i) {
    long in = 0;
    List<Integer> producers = plan.producers(i);
    for (int p : producers) {
      in += plan.get(p).metrics().bytesOut;
    }
    return in;
  }

  long reservedBytes() {
    return totalReserved;
  }

  long reservedBytes(PhysicalOperator op) {
    return reserved[index.get(op)];
  }

  OperatorProfile profile(PhysicalOperator op) {
    OperatorProfile p = profiles[index.get(op)];
    return p != null ? p : new OperatorProfile(0, 0, Math.max(0, op.estimatedTaskOutputBytes()), 1.0, 1);
  }
}
