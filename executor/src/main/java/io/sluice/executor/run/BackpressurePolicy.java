package io.sluice.executor.run;

import io.sluice.executor.op.BlockingReason;
import io.sluice.executor.op.PhysicalOperator;

/**
 * Decides whether an operator may start another task now, and how much input that task may take.
 * The job asks every policy and dispatches only when all agree (policies combine with AND; caps
 * with min). Called on the control-loop thread.
 */
@FunctionalInterface
public interface BackpressurePolicy {

  /**
   * Whether {@code op}'s smallest next task ({@link OperatorProfile#minTaskOutputBytes()}) may
   * start. May update the policy's own bookkeeping (a token bucket), never the operator.
   */
  boolean canDispatch(PhysicalOperator op, JobView job);

  /**
   * Why {@code op} is held, right after {@link #canDispatch} refused it: {@code WAITING_FOR_MEMORY}
   * or {@code WAITING_FOR_OUTPUT_SPACE}. No side effects.
   */
  default BlockingReason holdReason(PhysicalOperator op, JobView job) {
    return BlockingReason.WAITING_FOR_MEMORY;
  }

  /**
   * The most input bytes the task about to start may take, so that what it produces fits; the
   * operator still takes at least one block. Called only after {@link #canDispatch} agreed.
   */
  default long maxTaskInputBytes(PhysicalOperator op, JobView job) {
    return Long.MAX_VALUE;
  }
}
