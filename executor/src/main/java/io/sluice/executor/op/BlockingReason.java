package io.sluice.executor.op;

/** Why an operator cannot start a task now; shown by progress and the stats. */
public enum BlockingReason {
  NOT_BLOCKED,
  /** Its input queue is empty and upstream is not done. */
  WAITING_FOR_INPUT,
  /** Its produced-but-unconsumed output, or the job's memory, is at its limit. */
  WAITING_FOR_OUTPUT_SPACE,
  /** The job's memory budget has no room for another task's output. */
  WAITING_FOR_MEMORY,
  /** All its actors are busy (or starting). */
  WAITING_FOR_ACTOR,
  /** No free CPU or GPU slot. */
  WAITING_FOR_SLOT,
  /** Finished, or cancelled because downstream needs no more rows. */
  DONE
}
