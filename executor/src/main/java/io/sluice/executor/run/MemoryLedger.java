package io.sluice.executor.run;

import io.sluice.executor.op.MetricsSnapshot;
import io.sluice.executor.op.OperatorStatsView;

/**
 * Reserves memory for the output running tasks have not produced yet. A running task's future
 * output (not yet flushed, or still being built on the heap by its UDF) is invisible to the
 * allocators; reserving {@code expected - produced} for it, from each operator's {@link
 * OperatorProfile}, lets policies keep the hard limit instead of discovering the overshoot
 * afterwards. Loop thread only.
 */
final class MemoryLedger {

  private final OperatorProfiles profiles;
  private final OperatorStatsView[] stats;
  private final boolean[] sink;
  private final long[] reserved;
  private long totalReserved;

  MemoryLedger(JobGraph graph, OperatorProfiles profiles) {
    this.profiles = profiles;
    this.stats = new OperatorStatsView[graph.size()];
    this.sink = new boolean[graph.size()];
    this.reserved = new long[graph.size()];
    for (int i = 0; i < graph.size(); i++) {
      stats[i] = graph.get(i).stats();
      sink[i] = graph.consumer(i) < 0;
    }
  }

  /** Refreshes the profiles, then the reservations from them. */
  void update() {
    profiles.update();
    totalReserved = 0;
    for (int i = 0; i < stats.length; i++) {
      MetricsSnapshot m = stats[i].metrics();
      long avgOut = profiles.get(i).avgOutputBytes();
      int running = stats[i].runningTasks();
      long r =
          sink[i]
              ? 0
              : Math.max(0, Math.min(m.tasksStarted() * avgOut - m.bytesOut(), running * avgOut));
      reserved[i] = r;
      totalReserved += r;
    }
  }

  long reservedBytes() {
    return totalReserved;
  }

  long reservedBytes(int i) {
    return reserved[i];
  }
}
