package io.sluice.api;

import java.time.Duration;
import java.util.List;

/** What a finished (or running) job measured. */
public interface JobStats {

  /** Wall time from start to end (or to now). */
  Duration wallTime();

  /** Rows that left the last operator. */
  long outputRows();

  /** Highest bytes of Arrow memory the job held at once. */
  long peakMemoryBytes();

  /** Per-operator figures, in plan order (sources first). */
  List<OperatorStats> operators();

  /** A human-readable table of the above. */
  String toTable();

  /**
   * One operator's figures.
   *
   * @param name operator name
   * @param tasks tasks (or actor calls) completed
   * @param wallNanos from its first task's start to its last task's end
   * @param busyNanos sum of task durations
   * @param rowsIn rows consumed
   * @param rowsOut rows produced
   * @param bytesOut bytes produced
   * @param peakBytes highest bytes held by its output at once
   * @param retries failed task attempts that were retried
   * @param actorRestarts actors torn down and rebuilt
   * @param skippedRows rows skipped into the dead letters
   * @param skippedBlocks source blocks skipped into the dead letters
   */
  record OperatorStats(String name, long tasks, long wallNanos, long busyNanos, long rowsIn, long rowsOut,
      long bytesOut, long peakBytes, long retries, long actorRestarts, long skippedRows, long skippedBlocks) {}

  /** Arrow bytes the job spilled to disk (uncompressed size; 0 when everything fit the budget). */
  default long spilledBytes() {
    return 0;
  }

  /** Arrow bytes one operator (by name) spilled; 0 for operators that keep nothing. */
  default long spilledBytes(String operator) {
    return 0;
  }

  /** Bytes its spill files took on disk (compressed). */
  default long spillFileBytes() {
    return 0;
  }

  /** Time spent writing and reading spill files, summed over threads. */
  default Duration spillTime() {
    return Duration.ZERO;
  }

  /**
   * What the UDF instances of operator {@code operator} counted ({@link io.sluice.api.udf.BatchUdf#counters()}),
   * summed over its actors; empty when they count nothing (or the backend does not collect them).
   */
  default java.util.Map<String, Long> udfCounters(String operator) {
    return java.util.Map.of();
  }

  /** Failed attempts retried, over all operators. */
  default long retries() {
    return operators().stream().mapToLong(OperatorStats::retries).sum();
  }

  /** Actors rebuilt, over all operators. */
  default long actorRestarts() {
    return operators().stream().mapToLong(OperatorStats::actorRestarts).sum();
  }

  /** Rows skipped into the dead letters, over all operators. */
  default long skippedRows() {
    return operators().stream().mapToLong(OperatorStats::skippedRows).sum();
  }
}
