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
   */
  record OperatorStats(String name, long tasks, long wallNanos, long busyNanos, long rowsIn, long rowsOut,
      long bytesOut, long peakBytes) {}
}
