package io.sluice.executor.op;

import java.util.Map;

/**
 * An operator's counters at one moment; immutable.
 *
 * @param bytesInDone input bytes of finished tasks (0 where the operator does not track it)
 * @param bytesOutDone output bytes of finished tasks, counted with {@code bytesInDone}
 * @param udfCounters the UDF's counters summed over its instances, dead ones included
 */
public record MetricsSnapshot(
    long tasksStarted,
    long tasksDone,
    long firstStartNanos,
    long lastEndNanos,
    long busyNanos,
    long rowsIn,
    long blocksIn,
    long rowsOut,
    long blocksOut,
    long bytesOut,
    long bytesInDone,
    long bytesOutDone,
    long retries,
    long actorRestarts,
    long skippedRows,
    long skippedBlocks,
    Map<String, Long> udfCounters) {

  public static final MetricsSnapshot EMPTY =
      new MetricsSnapshot(0, 0, -1, -1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, Map.of());

  public MetricsSnapshot {
    udfCounters = Map.copyOf(udfCounters);
  }

  /** From the first task's start to the last task's end (or to now while running). */
  public long wallNanos(long nowNanos) {
    if (firstStartNanos < 0) {
      return 0;
    }
    return (lastEndNanos > 0 ? lastEndNanos : nowNanos) - firstStartNanos;
  }
}
