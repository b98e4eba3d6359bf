package io.sluice.executor.op;

import java.util.Map;
import java.util.TreeMap;

/**
 * Counters of one operator: recorded on the control-loop thread only, read as an immutable {@link
 * #snapshot()} from any thread. The snapshot is rebuilt only after something was recorded, so
 * reading it every loop turn costs nothing.
 */
public final class OperatorMetrics {

  private long tasksStarted;
  private long tasksDone;
  private long firstStartNanos = -1;
  private long lastEndNanos = -1;
  private long busyNanos;
  private long rowsIn;
  private long blocksIn;
  private long rowsOut;
  private long blocksOut;
  private long bytesOut;
  private long bytesInDone;
  private long bytesOutDone;
  private long retries;
  private long actorRestarts;
  private long skippedRows;
  private long skippedBlocks;

  /** The latest UDF counters of each instance (actor index). */
  private final Map<Integer, Map<String, Long>> udfByInstance = new TreeMap<>();

  private Map<String, Long> udfSum = Map.of();
  private volatile MetricsSnapshot snapshot = MetricsSnapshot.EMPTY;
  private boolean dirty;

  public void taskStarted(long nowNanos) {
    tasksStarted++;
    if (firstStartNanos < 0) {
      firstStartNanos = nowNanos;
    }
    dirty = true;
  }

  public void taskDone(long startNanos, long endNanos) {
    tasksDone++;
    busyNanos += endNanos - startNanos;
    lastEndNanos = Math.max(lastEndNanos, endNanos);
    dirty = true;
  }

  /**
   * As {@link #taskDone(long, long)}, for a task that turned {@code inBytes} into {@code outBytes}.
   */
  public void taskDone(long startNanos, long endNanos, long inBytes, long outBytes) {
    taskDone(startNanos, endNanos);
    bytesInDone += inBytes;
    bytesOutDone += outBytes;
  }

  public void input(Block b) {
    rowsIn += b.rows();
    blocksIn++;
    dirty = true;
  }

  public void output(Block b) {
    rowsOut += b.rows();
    blocksOut++;
    bytesOut += b.bytes();
    dirty = true;
  }

  public void retries(long n) {
    retries += n;
    dirty |= n != 0;
  }

  public void actorRestarted() {
    actorRestarts++;
    dirty = true;
  }

  public void skippedRows(long n) {
    skippedRows += n;
    dirty |= n != 0;
  }

  public void skippedBlock() {
    skippedBlocks++;
    dirty = true;
  }

  /** Records what instance {@code instance}'s UDF has counted so far (its counters only grow). */
  public void udfCounters(int instance, Map<String, Long> counters) {
    if (!counters.isEmpty()) {
      udfByInstance.put(instance, Map.copyOf(counters));
      Map<String, Long> sum = new TreeMap<>();
      udfByInstance.values().forEach(m -> m.forEach((k, v) -> sum.merge(k, v, Long::sum)));
      udfSum = Map.copyOf(sum);
      dirty = true;
    }
  }

  /**
   * The counters as of the last recording. Loop thread: current; other threads: as last published.
   */
  public MetricsSnapshot snapshot() {
    if (dirty) {
      dirty = false;
      snapshot =
          new MetricsSnapshot(
              tasksStarted,
              tasksDone,
              firstStartNanos,
              lastEndNanos,
              busyNanos,
              rowsIn,
              blocksIn,
              rowsOut,
              blocksOut,
              bytesOut,
              bytesInDone,
              bytesOutDone,
              retries,
              actorRestarts,
              skippedRows,
              skippedBlocks,
              udfSum);
    }
    return snapshot;
  }
}
