package io.sluice.executor.run;

import io.sluice.executor.op.BlockingReason;
import io.sluice.executor.op.PhysicalOperator;

/**
 * The pessimistic rule that keeps the hard limit: a task starts only if the memory the job holds,
 * plus what running tasks are still expected to produce ({@link JobView#reservedBytes()}), plus
 * this task's expected output fits the budget. Sources must also leave headroom for the consumers
 * of what they read (each consumer's mean task output times its parallelism, at least an eighth of
 * the budget), so reading can never fill memory that draining needs. A consumer's own unconsumed
 * output is further capped at its share of the budget, so one stage cannot starve the others.
 *
 * <p>Consumers are judged by their smallest possible task (one input block), and the task's input
 * is then capped at what its expected output leaves room for ({@link #maxTaskInputBytes}): a 100x
 * expanding UDF takes one small block per task instead of a bundle whose output overflows. A
 * consumer whose output ratio is still unknown starts with one single-block probe task, so the
 * expansion is measured, not guessed; more probes run beside it only while the budget could absorb
 * each of them expanding {@value #UNKNOWN_EXPANSION}x. (A strict single probe serialised an actor
 * pool's first window: two 1-thread model actors ran one 40 s window alone before the second
 * started.) The job's liveness rule still runs one operator when nothing else can, so no budget can
 * deadlock.
 */
public final class MemoryBudgetPolicy implements BackpressurePolicy {

  /** Expansion assumed for concurrent probes of an operator whose output ratio is unknown. */
  static final int UNKNOWN_EXPANSION = 64;

  @Override
  public boolean canDispatch(PhysicalOperator op, JobView job) {
    OperatorProfile profile = job.profile(op);
    if (op.spec().source()) {
      long expected = profile.nextTaskOutputBytes();
      return job.memoryUsed() + job.reservedBytes() + expected + consumerHeadroom(job)
          <= job.memoryBudget();
    }
    int running = op.stats().runningTasks();
    if (running > 0 && profile.tasksDone() == 0) {
      // output size unknown (it may expand 100x): a second probe only if all could expand that much
      long probe = Math.max(1, profile.minTaskOutputBytes()) * UNKNOWN_EXPANSION;
      return (running + 1) * probe <= room(op, job);
    }
    return profile.minTaskOutputBytes() <= room(op, job);
  }

  /** A consumer is held by its own share when that is tighter than the job's free budget. */
  @Override
  public BlockingReason holdReason(PhysicalOperator op, JobView job) {
    if (op.spec().source()) {
      return BlockingReason.WAITING_FOR_MEMORY;
    }
    long jobRoom = job.memoryBudget() - job.memoryUsed() - job.reservedBytes();
    long shareRoom = job.memoryShare() - job.memoryUsed(op) - job.reservedBytes(op);
    return shareRoom < jobRoom
        ? BlockingReason.WAITING_FOR_OUTPUT_SPACE
        : BlockingReason.WAITING_FOR_MEMORY;
  }

  @Override
  public long maxTaskInputBytes(PhysicalOperator op, JobView job) {
    if (op.spec().source()) {
      return Long.MAX_VALUE;
    }
    OperatorProfile p = job.profile(op);
    if (p.tasksDone() == 0) {
      return 1; // the probe: a single block
    }
    double ratio = p.outputInputRatio();
    long room = Math.max(0, room(op, job));
    return ratio <= 0 ? Long.MAX_VALUE : (long) Math.min(Long.MAX_VALUE / 2.0, room / ratio);
  }

  /** Bytes a consumer's next task may produce: the job's free budget, and its own share's. */
  static long room(PhysicalOperator op, JobView job) {
    return Math.min(
        job.memoryBudget() - job.memoryUsed() - job.reservedBytes(),
        job.memoryShare() - job.memoryUsed(op) - job.reservedBytes(op));
  }

  /** Memory kept free for consumers' task outputs. */
  static long consumerHeadroom(JobView job) {
    long room = 0;
    for (PhysicalOperator c : job.operators()) {
      if (!c.spec().source()) {
        OperatorProfile p = job.profile(c);
        room += p.avgOutputBytes() * p.maxRunning();
      }
    }
    return Math.max(room, job.memoryBudget() / 8);
  }
}
