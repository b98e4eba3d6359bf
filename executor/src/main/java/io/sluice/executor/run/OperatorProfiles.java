package io.sluice.executor.run;

import io.sluice.executor.op.MetricsSnapshot;
import io.sluice.executor.op.OperatorSpec;
import io.sluice.executor.op.OperatorStatsView;

/**
 * The one place where operators' figures become estimates: each operator's output/input ratio, the
 * bytes its next (and its smallest) task will produce, its mean task time and parallelism.
 * Operators report facts through {@link OperatorStatsView}; nothing else in the executor estimates.
 *
 * <p>The ratio: an operator that counts its finished tasks' input and output bytes ({@link
 * MetricsSnapshot#bytesInDone()}) is measured per task, and that drives its estimates; one that
 * does not (a shuffle re-emits what it collected, a source reads) is estimated at 1, and its
 * profile's ratio is the flow's: bytes it handed on per byte its producers handed it. A source's
 * task is expected to produce what its finished tasks produced on average, else its split's
 * estimated size, at most a target block. The sink produces no blocks. Loop thread only.
 */
final class OperatorProfiles {

  private final OperatorStatsView[] stats;
  private final OperatorSpec[] specs;
  private final int[][] producers;
  private final boolean[] sink;
  private final int[] maxRunning;
  private final OperatorProfile[] profiles;
  private final long targetBlockBytes;

  OperatorProfiles(JobGraph graph, long targetBlockBytes) {
    int n = graph.size();
    this.stats = new OperatorStatsView[n];
    this.specs = new OperatorSpec[n];
    this.producers = new int[n][];
    this.sink = new boolean[n];
    this.maxRunning = new int[n];
    this.profiles = new OperatorProfile[n];
    this.targetBlockBytes = targetBlockBytes;
    for (int i = 0; i < n; i++) {
      stats[i] = graph.get(i).stats();
      specs[i] = graph.get(i).spec();
      producers[i] = graph.producers(i);
      sink[i] = graph.consumer(i) < 0;
      profiles[i] = OperatorProfile.UNKNOWN;
    }
  }

  /** Recomputes every profile from the operators' current figures. */
  void update() {
    for (int i = 0; i < stats.length; i++) {
      profiles[i] = compute(i);
    }
  }

  /** Operator {@code i}'s profile as of the last {@link #update()}. */
  OperatorProfile get(int i) {
    return profiles[i];
  }

  private OperatorProfile compute(int i) {
    OperatorStatsView s = stats[i];
    MetricsSnapshot m = s.metrics();
    int running = s.runningTasks();
    maxRunning[i] = Math.max(maxRunning[i], running);
    double taskRatio = m.bytesInDone() > 0 ? (double) m.bytesOutDone() / m.bytesInDone() : 1.0;
    long next;
    long min;
    if (sink[i]) {
      next = 0;
      min = 0;
    } else if (specs[i].source()) {
      long split = s.nextTaskInputBytes();
      next =
          m.tasksDone() > 0
              ? m.bytesOutDone() / m.tasksDone()
              : split < 0 ? targetBlockBytes : Math.min(split, targetBlockBytes);
      min = next;
    } else {
      next = (long) (s.nextTaskInputBytes() * taskRatio);
      min = (long) (s.minTaskInputBytes() * taskRatio);
    }
    long avgOut =
        m.tasksDone() > 0
            ? m.bytesOut() / Math.max(1, m.tasksStarted() - running)
            : Math.max(0, next);
    double ratio = m.bytesInDone() > 0 ? taskRatio : flowRatio(i, m);
    double secs = m.tasksDone() > 0 ? m.busyNanos() / 1e9 / m.tasksDone() : 0;
    return new OperatorProfile(
        m.tasksDone(),
        secs,
        avgOut,
        ratio,
        Math.max(1, maxRunning[i]),
        Math.max(0, next),
        Math.max(0, min));
  }

  /**
   * Bytes operator {@code i} handed on per byte its producers handed it; 1 before it finished a
   * task.
   */
  private double flowRatio(int i, MetricsSnapshot m) {
    long in = 0;
    for (int p : producers[i]) {
      in += stats[p].metrics().bytesOut();
    }
    return in > 0 && m.tasksDone() > 0 ? (double) m.bytesOut() / in : 1.0;
  }
}
