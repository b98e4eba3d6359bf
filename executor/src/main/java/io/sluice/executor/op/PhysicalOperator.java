package io.sluice.executor.op;

/**
 * An operator of a running job. The job's control loop moves block references between operators
 * and decides which operator starts a task next; operators hold queues and launch their own tasks.
 *
 * <p>Call-order rules. Every call happens on the job's control-loop thread, never concurrently.
 * <ol>
 *   <li>{@link #start} once, before anything else.</li>
 *   <li>Then any interleaving of: {@link #addInput} for a port, {@link #inputDone} once per port after
 *       its last input; {@link #blocked}; {@link #dispatch}, only right after {@code blocked()}
 *       returned {@link BlockingReason#NOT_BLOCKED} and the job found slots and memory for it;
 *       {@link #hasOutput}/{@link #takeOutput}.</li>
 *   <li>{@link #cancel} may come at any time: the operator drops queued input, starts nothing more and
 *       discards the output of tasks still running.</li>
 *   <li>{@link #isFinished} true means: no task running, no output left, and none will come.</li>
 *   <li>{@link #close} once at the end, on success or failure, after its running tasks have ended.</li>
 * </ol>
 * Blocks passed to {@code addInput} belong to the operator from then on (it closes them when done);
 * blocks returned by {@code takeOutput} belong to the caller.
 */
public interface PhysicalOperator extends AutoCloseable {

  /** Name for progress, stats and errors; unique within the job. */
  String name();

  /** Number of input ports (0 for sources). */
  int inputPorts();

  void start(OperatorContext context);

  void addInput(int port, Block block);

  void inputDone(int port);

  /** Whether a task can start now, as far as the operator itself knows. */
  BlockingReason blocked();

  /** CPU slots one running task holds (0 for operators that run no tasks). */
  double taskCpus();

  /** Bytes the next task is expected to produce; the memory policy admits it against the budget. */
  long estimatedTaskOutputBytes();

  /** Starts one task. */
  void dispatch();

  /**
   * Starts one task taking at most {@code maxInputBytes} of queued input, and at least one block.
   * Operators that do not bundle input ignore the cap.
   */
  default void dispatch(long maxInputBytes) {
    dispatch();
  }

  /**
   * Bytes the smallest task it could start now (one input block) is expected to produce: what a
   * memory policy must find room for before it caps the task's input ({@link #dispatch(long)}).
   */
  default long minTaskOutputBytes() {
    return estimatedTaskOutputBytes();
  }

  /** Rows this operator expects to produce in total, or -1 when unknown (for progress bars). */
  default long expectedRows() {
    return -1;
  }

  /** Tasks (or actor calls) running now. */
  int runningTasks();

  boolean hasOutput();

  Block takeOutput();

  /**
   * Whether this operator needs no more input (a satisfied limit): the job then cancels everything
   * upstream of it.
   */
  default boolean wantsNoMoreInput() {
    return false;
  }

  boolean isFinished();

  void cancel();

  /** Arrow bytes this operator has written to spill files so far (any thread). */
  default long spilledBytes() {
    return 0;
  }

  /** Bytes of input queued here, still accounted to the producers' allocators. */
  long queuedInputBytes();

  OperatorMetrics metrics();

  /** One line of internal state for diagnostics: queue, actors, running tasks. */
  String describeState();

  /** Its actors now, for live views; empty for operators without an actor pool. */
  default java.util.List<io.sluice.api.JobStats.ActorState> actors() {
    return java.util.List.of();
  }

  @Override
  void close();
}
