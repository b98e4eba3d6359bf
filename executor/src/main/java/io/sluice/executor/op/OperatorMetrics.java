package io.sluice.executor.op;

/** Counters of one operator, updated on the control-loop thread only. */
public final class OperatorMetrics {

  public long tasksStarted;
  public long tasksDone;
  public long firstStartNanos = -1;
  public long lastEndNanos = -1;
  public long busyNanos;
  public long rowsIn;
  public long blocksIn;
  public long rowsOut;
  public long blocksOut;
  public long bytesOut;
  /** Input bytes of finished tasks, for the output/input ratio; 0 where the operator does not track it. */
  public long bytesInDone;
  public long retries;
  public long actorRestarts;
  public long skippedRows;
  public long skippedBlocks;

  /** The latest UDF counters of each instance (actor index), summed by {@link #udfCounters()}. */
  private final java.util.Map<Integer, java.util.Map<String, Long>> udfByInstance = new java.util.TreeMap<>();

  /** Records what instance {@code instance}'s UDF has counted so far (its counters only grow). */
  public void udfCounters(int instance, java.util.Map<String, Long> counters) {
    if (!counters.isEmpty()) {
      udfByInstance.put(instance, java.util.Map.copyOf(counters));
    }
  }

  /** The UDF counters summed over instances, dead ones included; empty when the UDF counts nothing. */
  public java.util.Map<String, Long> udfCounters() {
    java.util.Map<String, Long> sum = new java.util.TreeMap<>();
    udfByInstance.values().forEach(m -> m.forEach((k, v) -> sum.merge(k, v, Long::sum)));
    return sum;
  }

  public void taskStarted(long nowNanos) {
    tasksStarted++;
    if (firstStartNanos < 0) {
      firstStartNanos = nowNanos;
    }
  }

  public void taskDone(long startNanos, long endNanos) {
    tasksDone++;
    busyNanos += endNanos - startNanos;
    lastEndNanos = Math.max(lastEndNanos, endNanos);
  }

  public void input(Block b) {
    rowsIn += b.rows();
    blocksIn++;
  }

  public void output(Block b) {
    rowsOut += b.rows();
    blocksOut++;
    bytesOut += b.bytes();
  }

  /** From the first task's start to the last task's end (or to now while running). */
  public long wallNanos(long nowNanos) {
    if (firstStartNanos < 0) {
      return 0;
    }
    return (lastEndNanos > 0 ? lastEndNanos : nowNanos) - firstStartNanos;
  }
}
