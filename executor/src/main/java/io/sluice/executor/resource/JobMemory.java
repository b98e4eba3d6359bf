package io.sluice.executor.resource;

/**
 * One job's part of the backend's memory budget, and every figure derived from it, in one place:
 * the job's budget (what the backend's other holders leave, never above its allocators' hard
 * limit), one producing operator's share of it, what an all-to-all operator keeps before it spills,
 * and the bytes a writer batches before it flushes. Operators and policies ask here instead of
 * deriving their own. Queries are cheap and safe from any thread; they change as other jobs take or
 * free memory.
 */
public final class JobMemory {

  private final MemoryBudget.Share share;
  private final long limit;
  private final int producing;

  /**
   * @param producingOperators operators whose output another operator consumes (at least 1)
   */
  public JobMemory(MemoryBudget.Share share, long limit, int producingOperators) {
    this.share = share;
    this.limit = limit;
    this.producing = Math.max(1, producingOperators);
  }

  /** The job's budget now. */
  public long budget() {
    return Math.min(share.budget(), limit);
  }

  /**
   * The share of the budget one operator's unconsumed output may reach before the job stops
   * scheduling it.
   */
  public long operatorShare() {
    return Math.max(1, budget() / producing);
  }

  /**
   * Bytes an operator that must keep all its input (repartition, sort) holds in memory before
   * spilling.
   */
  public long holdBytes() {
    return Math.max(1, Math.min(operatorShare(), budget()) / 2);
  }

  /**
   * Bytes a consumer that batches its input (a writer) collects before it flushes: a target block,
   * but never so much that its producer's share fills first and it stalls.
   */
  public long flushBytes(long targetBlockBytes) {
    return Math.max(1, Math.min(targetBlockBytes, operatorShare() / 2));
  }

  /** Arrow bytes the job holds now. */
  public long allocated() {
    return share.allocated();
  }

  /** Publishes what the job's running tasks are still expected to produce (loop thread). */
  public void reserve(long bytes) {
    share.reserve(bytes);
  }
}
