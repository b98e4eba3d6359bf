package io.sluice.executor.op;

/**
 * An operator of a running job: a node of the data flow. The job's control loop moves block
 * references between operators and decides which operator starts a task next; operators hold queues
 * and launch their own tasks. Sizing, admission and diagnostics read {@link #spec()} and {@link
 * #stats()}; they never call into the data flow.
 *
 * <p>Call-order rules. Every call happens on the job's control-loop thread, never concurrently.
 *
 * <ol>
 *   <li>{@link #spec()} any time (it is fixed at construction); {@link #start} once, before
 *       anything else but {@code spec()}.
 *   <li>Each loop turn: {@link #onTurn} once, first; then any interleaving of {@link #addInput} for
 *       a port (never for a source: its {@link OperatorSpec#inputPorts()} is 0), {@link #inputDone}
 *       once per port after its last input, {@link #hasOutput}/ {@link #takeOutput}, {@link
 *       #isFinished}, {@link #blocked}; and {@link #nextTask}, only right after {@code blocked()}
 *       returned {@link Blocked#NOT_BLOCKED} and the job found slots and memory for it.
 *   <li>Queries ({@code spec}, {@code stats}, {@code blocked}, {@code hasOutput}, {@code
 *       isFinished}) change nothing: progress bars, the watchdog and live views may call them as
 *       often as they like. Whatever an operator does without being given input or a task (scaling
 *       its actor pool, passing over splits an earlier run finished) happens in {@code onTurn}.
 *   <li>{@link #cancel} may come at any time: the operator drops queued input, starts nothing more
 *       and discards the output of tasks still running.
 *   <li>{@link #isFinished} true means: no task running, no output left, and none will come. An
 *       operator finished while its producers are not needs no more input (a satisfied limit): the
 *       loop then cancels everything upstream of it.
 *   <li>{@link #close} once at the end, on success or failure, after its running tasks have ended.
 * </ol>
 *
 * Blocks passed to {@code addInput} belong to the operator from then on (it closes them when done);
 * blocks returned by {@code takeOutput} belong to the caller.
 */
public interface PhysicalOperator extends AutoCloseable {

  /** What the operator is: name, resources per task, ports. The same object on every call. */
  OperatorSpec spec();

  /**
   * A read-only view of its figures and state, for policies, progress and diagnostics. Any thread.
   */
  OperatorStatsView stats();

  void start(OperatorContext context);

  void addInput(int port, Block block);

  void inputDone(int port);

  /**
   * The per-turn hook: the one place where the operator changes its own state unprompted (starts an
   * actor while work waits for a busy pool, skips checkpointed splits). Called once per loop turn,
   * before anything else that turn.
   */
  void onTurn();

  /**
   * Whether a task can start now, as far as the operator itself knows; no side effects. The
   * returned value's future completes when the answer may have changed.
   */
  Blocked blocked();

  /**
   * Starts one task taking at most {@code maxInputBytes} of queued input, and at least one block.
   * Operators that do not bundle input ({@link OperatorSpec#bundlesInput()} false) ignore the cap.
   */
  void nextTask(long maxInputBytes);

  boolean hasOutput();

  Block takeOutput();

  boolean isFinished();

  void cancel();

  @Override
  void close();
}
