package io.sluice.executor.run;

import io.sluice.executor.op.PhysicalOperator;

/**
 * Byte-bounded backpressure: a task starts only if its expected output fits both the job's budget
 * and the operator's share of it. An operator whose output nobody consumes fast enough therefore
 * stops being scheduled, and memory stays flat behind a slow sink. The job's liveness rule still
 * runs one operator when nothing else can, so a budget smaller than one block cannot deadlock.
 */
public final class MemoryBudgetPolicy implements BackpressurePolicy {

  @Override
  public boolean canDispatch(PhysicalOperator op, JobView job) {
    long expected = Math.max(0, op.estimatedTaskOutputBytes());
    return job.memoryUsed() + expected <= job.memoryBudget()
        && job.memoryUsed(op) + expected <= job.memoryShare();
  }
}
