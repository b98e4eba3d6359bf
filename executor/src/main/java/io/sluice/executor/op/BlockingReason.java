package io.sluice.executor.op;

/**
 * Why an operator cannot start a task now; shown by progress, live stats and the watchdog's dump.
 * The operator itself answers input, actor and done ({@link PhysicalOperator#blocked()}); the job's
 * scheduler adds slot, memory and output space for an operator that is ready but held back.
 */
public enum BlockingReason {
  NOT_BLOCKED,
  /** Its input queue is empty (or its one running task must end first) and upstream is not done. */
  WAITING_FOR_INPUT,
  /**
   * Ready, but held by a backpressure policy because of its own output: what it produced and nobody
   * consumed yet is at its share of the budget, or downstream drains slower than it produces.
   */
  WAITING_FOR_OUTPUT_SPACE,
  /** Ready, but the job's memory budget has no room for its next task's output. */
  WAITING_FOR_MEMORY,
  /** All its actors are busy (or starting). */
  WAITING_FOR_ACTOR,
  /** Ready, but running tasks hold every CPU slot. */
  WAITING_FOR_SLOT,
  /** Finished, or cancelled because downstream needs no more rows. */
  DONE
}
