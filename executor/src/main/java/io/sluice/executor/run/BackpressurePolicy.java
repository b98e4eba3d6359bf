package io.sluice.executor.run;

import io.sluice.executor.op.PhysicalOperator;

/**
 * Decides whether an operator may start another task now. The job asks every policy and dispatches
 * only when all agree (policies combine with AND). Called on the control-loop thread.
 */
@FunctionalInterface
public interface BackpressurePolicy {

  boolean canDispatch(PhysicalOperator op, JobView job);
}
