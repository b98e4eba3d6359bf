package io.sluice.executor.run;

import io.sluice.executor.op.BlockingReason;
import io.sluice.executor.op.PhysicalOperator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Admits new source tasks at the rate the pipeline drains them (Ray Data, arXiv 2501.12407 §4.3,
 * Algorithms 1-2, in spirit). From the online profiles it estimates how long each downstream
 * operator needs for one source partition's worth of data (its task time per input byte, spread
 * over the parallelism it gets, times the bytes a partition becomes on the way) and refills a token
 * bucket at the rate of the slowest: one token, one source task. While memory is below half the
 * budget every free slot may read (nothing to protect yet, and idle slots would cost time); above
 * it, sources wait for tokens, so memory stops growing once reading outpaces draining. It only
 * slows sources; the hard limit is {@link MemoryBudgetPolicy}'s. Loop thread only.
 */
public final class DrainRateAdmissionPolicy implements BackpressurePolicy {

  private final Map<PhysicalOperator, Bucket> buckets = new HashMap<>();

  private static final class Bucket {
    double tokens = 1;
    long lastNanos = System.nanoTime();
  }

  @Override
  public boolean canDispatch(PhysicalOperator op, JobView job) {
    if (!op.spec().source()) {
      return true;
    }
    Bucket b = buckets.computeIfAbsent(op, k -> new Bucket());
    OperatorProfile source = job.profile(op);
    double rate = drainRate(op, source, job);
    long now = System.nanoTime();
    long sourceOut = Math.max(1, source.avgOutputBytes());
    double cap =
        Math.max(
            1, (double) (job.memoryBudget() - job.memoryUsed() - job.reservedBytes()) / sourceOut);
    if (rate > 0) {
      b.tokens = Math.min(cap, b.tokens + rate * (now - b.lastNanos) / 1e9);
    }
    b.lastNanos = now;
    long projected = job.memoryUsed() + job.reservedBytes() + source.nextTaskOutputBytes();
    if (rate <= 0 || projected <= job.memoryBudget() / 2) {
      return true;
    }
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return true;
    }
    return false;
  }

  /** A source out of tokens waits for the pipeline below it to drain what it already read. */
  @Override
  public BlockingReason holdReason(PhysicalOperator op, JobView job) {
    return BlockingReason.WAITING_FOR_OUTPUT_SPACE;
  }

  /** Source partitions per second the slowest downstream operator absorbs; 0 while unmeasured. */
  static double drainRate(PhysicalOperator source, OperatorProfile profile, JobView job) {
    double bytes = profile.avgOutputBytes();
    if (profile.tasksDone() == 0 || bytes <= 0) {
      return 0;
    }
    double slowest = 0;
    List<PhysicalOperator> downstream = job.downstreamOf(source);
    for (PhysicalOperator d : downstream) {
      OperatorProfile p = job.profile(d);
      if (p.tasksDone() == 0) {
        if (d.spec().cpusPerTask() > 0 || d.stats().runningTasks() > 0) {
          return 0; // a stage that runs tasks but has not finished one: unknown, so do not throttle
        }
        continue; // runs no tasks (limit, union, output)
      }
      double avgIn = p.avgOutputBytes() / Math.max(1e-9, p.outputInputRatio());
      slowest = Math.max(slowest, bytes * p.secondsPerInputByte((long) avgIn));
      bytes *= p.outputInputRatio();
    }
    return slowest <= 0 ? 0 : 1 / slowest;
  }
}
