package io.sluice.executor.op;

import io.sluice.api.JobStats;
import java.util.List;
import java.util.Optional;

/**
 * What an operator reports about itself, read-only: the facts sizing, progress and diagnostics
 * build on. Estimates (output sizes, ratios) are not here; the job derives them from these figures
 * in one place. Loop thread, unless a method says otherwise.
 */
public interface OperatorStatsView {

  /** Its counters as of the latest recording (any thread). */
  MetricsSnapshot metrics();

  /** Tasks (or actor calls) running now. */
  int runningTasks();

  /** Bytes of input queued here, still accounted to the producers' allocators. */
  long queuedInputBytes();

  /**
   * Bytes of input the next task would take if no cap applied (for a source: the next split's
   * estimated size, -1 when unknown); 0 when it has nothing to start.
   */
  long nextTaskInputBytes();

  /** Bytes of input the smallest task it could start now takes (one block). */
  default long minTaskInputBytes() {
    return nextTaskInputBytes();
  }

  /** Arrow bytes written to spill files so far (any thread). */
  default long spilledBytes() {
    return 0;
  }

  /** Rows this operator expects to produce in total, or -1 when unknown (for progress bars). */
  default long expectedRows() {
    return -1;
  }

  /** One line of internal state for diagnostics: queue, actors, running tasks. */
  String describeState();

  /**
   * What its UDF instances did on the Java heap so far (any thread); empty for operators without a
   * UDF.
   */
  default Optional<JobStats.UdfHeap> udfHeap() {
    return Optional.empty();
  }

  /** Its actors now, for live views; empty for operators without an actor pool. */
  default List<JobStats.ActorState> actors() {
    return List.of();
  }
}
