package io.sluice.executor.run;

import io.sluice.executor.op.PhysicalOperator;

/**
 * Decides whether an operator may start another task now, and how much input that task may take.
 * The job asks every policy and dispatches only when all agree (policies combine with AND; caps with
 * min). Called on the control-loop thread.
 */
@FunctionalInterface
public interface BackpressurePolicy {

  /** Whether {@code op}'s smallest next task ({@link PhysicalOperator#minTaskOutputBytes()}) may start. */
  boolean canDispatch(PhysicalOperator op, JobView job);

  /**
   * The most input bytes the task about to start may take, so that what it produces fits; the
   * operator still takes at least one block. Called only after {@link #canDispatch} agreed.
   */
  default long maxTaskInputBytes(PhysicalOperator op, JobView job) {
    return Long.MAX_VALUE;
  }
}
