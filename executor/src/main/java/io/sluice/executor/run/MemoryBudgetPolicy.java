package io.sluice.executor.run;

import io.sluice.executor.op.PhysicalOperator;

/**
 * The pessimistic rule that keeps the hard limit: a task starts only if the memory the job holds,
 * plus what running tasks are still expected to produce ({@link JobView#reservedBytes()}), plus this
 * task's expected output fits the budget. Sources must also leave headroom for the consumers of what
 * they read (each consumer's mean task output times its parallelism, at least an eighth of the
 * budget), so reading can never fill memory that draining needs. A consumer whose output ratio is
 * still unknown runs one probe task before any other, so a 100x expansion is measured, not guessed. A consumer's own unconsumed output
 * is further capped at its share of the budget, so one stage cannot starve the others. The job's
 * liveness rule still runs one operator when nothing else can, so no budget can deadlock.
 */
public final class MemoryBudgetPolicy implements BackpressurePolicy {

  @Override
  public boolean canDispatch(PhysicalOperator op, JobView job) {
    if (op.inputPorts() > 0 && op.runningTasks() > 0 && job.profile(op).tasksDone() == 0) {
      return false; // output size unknown (it may expand 100x): one probe task measures it first
    }
    long expected = Math.max(0, op.estimatedTaskOutputBytes());
    long projected = job.memoryUsed() + job.reservedBytes() + expected;
    if (op.inputPorts() == 0) {
      return projected + consumerHeadroom(job) <= job.memoryBudget();
    }
    return projected <= job.memoryBudget()
        && job.memoryUsed(op) + job.reservedBytes(op) + expected <= job.memoryShare();
  }

  /** Memory kept free for consumers' task outputs. */
  static long consumerHeadroom(JobView job) {
    long room = 0;
    for (PhysicalOperator c : job.operators()) {
      if (c.inputPorts() > 0) {
        OperatorProfile p = job.profile(c);
        room += p.avgOutputBytes() * p.maxRunning();
      }
    }
    return Math.max(room, job.memoryBudget() / 8);
  }
}
