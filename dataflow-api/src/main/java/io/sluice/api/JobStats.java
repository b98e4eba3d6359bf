package io.sluice.api;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a finished (or running) job measured. Every consumer hands out the figures of its own job:
 * {@link io.sluice.api.spi.WriteResult#stats()}, {@link JobResult#stats()} ({@link
 * Dataset#countWithStats()}, {@link Dataset#takeWithStats}), {@link JobIterator#stats()} and, for a
 * failed job, {@link SluiceException#jobStats()}.
 */
public interface JobStats {

  /** Figures of a job that did not run: zero everywhere, no operators. */
  static JobStats none() {
    return NoJobStats.INSTANCE;
  }

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
  record OperatorStats(
      String name,
      long tasks,
      long wallNanos,
      long busyNanos,
      long rowsIn,
      long rowsOut,
      long bytesOut,
      long peakBytes,
      long retries,
      long actorRestarts,
      long skippedRows,
      long skippedBlocks) {}

  /**
   * What one operator's UDF instances did on the Java heap, measured on their own threads (Arrow
   * buffers are off the heap and counted in the memory budget instead).
   *
   * @param instances UDF instances built (actors, or the instances a task pool reused)
   * @param heldBytes bytes allocated while building the instances still open: their state (a model,
   *     a lookup table), an upper bound of what they hold since garbage made while building counts
   *     too
   * @param peakHeldBytes the highest {@code heldBytes} reached
   * @param allocatedBytes bytes allocated inside the instances' calls, all together
   * @param calls UDF calls (batches) measured
   */
  record UdfHeap(
      long instances, long heldBytes, long peakHeldBytes, long allocatedBytes, long calls) {}

  /**
   * The heap figures of one operator's UDF (by name); empty for operators without a UDF and on
   * backends or JVMs that do not measure them.
   */
  default Optional<UdfHeap> udfHeap(String operator) {
    return Optional.empty();
  }

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
   * What the UDF instances of operator {@code operator} counted ({@link
   * io.sluice.api.udf.BatchUdf#counters()}), summed over its actors; empty when they count nothing
   * (or the backend does not collect them).
   */
  default Map<String, Long> udfCounters(String operator) {
    return Map.of();
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

  /** The engine's id of the job these figures are of, or null where the backend has none. */
  default String jobId() {
    return null;
  }

  /**
   * Bytes of Arrow memory the job holds now (0 once it ended, or where the backend does not know).
   */
  default long memoryUsedBytes() {
    return 0;
  }

  /**
   * What each operator is doing now, in plan order: empty for a finished job's figures and on
   * backends that do not expose it. For live views (the web dashboard).
   */
  default List<OperatorState> operatorStates() {
    return List.of();
  }

  /**
   * One operator's state at the moment of a snapshot.
   *
   * @param name operator name
   * @param runningTasks tasks (or actor calls) running now
   * @param queuedInputBytes bytes of input queued at it
   * @param memoryBytes bytes its allocator holds (output not yet consumed, plus in flight)
   * @param blocked why it cannot start a task: {@code not_blocked}, {@code waiting_for_input},
   *     {@code waiting_for_output_space}, {@code waiting_for_memory}, {@code waiting_for_actor},
   *     {@code waiting_for_slot}, {@code done}
   * @param expectedRows rows it expects to produce in total, or -1 when unknown
   * @param actors its actor pool, empty for operators without actors
   * @param detail one line of internal state for diagnostics
   */
  record OperatorState(
      String name,
      int runningTasks,
      long queuedInputBytes,
      long memoryBytes,
      String blocked,
      long expectedRows,
      List<ActorState> actors,
      String detail) {
    public OperatorState {
      actors = List.copyOf(actors);
    }
  }

  /**
   * One actor of a pool.
   *
   * @param index its index in the pool
   * @param state {@code starting}, {@code idle}, {@code busy}, {@code stopped} or {@code failed}
   * @param cpus CPU slots it holds
   * @param device {@code cpu}, or {@code gpu:<ids>} for the devices it is pinned to
   * @param batches batches it completed
   * @param restarts actors its line replaced (0 for a first actor; a replacement's predecessor's
   *     plus one)
   * @param batchAgeMillis how long its current batch has been running, or -1 when it has none
   */
  record ActorState(
      int index,
      String state,
      double cpus,
      String device,
      long batches,
      int restarts,
      long batchAgeMillis) {

    /**
     * An actor whose batches, restarts and current batch are not known (backends that do not track
     * them).
     */
    public ActorState(int index, String state, double cpus, String device) {
      this(index, state, cpus, device, 0, 0, -1);
    }
  }
}
