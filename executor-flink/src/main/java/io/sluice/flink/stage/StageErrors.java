package io.sluice.flink.stage;

import io.sluice.api.ErrorPolicy;
import io.sluice.api.udf.BatchUdf;
import io.sluice.operators.fault.DeadLetter;
import io.sluice.operators.fault.ErrorBudget;
import io.sluice.operators.fault.Failures;
import io.sluice.operators.fault.Isolation;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.flink.api.common.accumulators.ListAccumulator;
import org.apache.flink.api.common.functions.RuntimeContext;

/**
 * One stage subtask's share of {@link ErrorPolicy.OnError#SKIP}, with the same pieces the local
 * backend uses ({@link Failures}, {@link Isolation}, {@link ErrorBudget}): the rows of a failing
 * UDF call are isolated, and reported to the driver as the accumulator {@code
 * <operator>|deadLetters}. A subtask that alone passes the budget fails the job at once; the driver
 * checks the sum over all subtasks before it publishes anything. Task thread only.
 */
public final class StageErrors {

  /** The accumulator figure under which a stage's dead letters reach the driver. */
  public static final String DEAD_LETTERS = "deadLetters";

  private final String operator;
  private final int subtask;
  private final ErrorBudget budget;
  private final ListAccumulator<DeadLetter> letters = new ListAccumulator<>();
  private long calls;

  public StageErrors(RuntimeContext context, String operator, ErrorPolicy policy) {
    this.operator = operator;
    this.subtask = context.getTaskInfo().getIndexOfThisSubtask();
    this.budget = new ErrorBudget(policy, policy.deadLetterPath());
    if (budget.skipping()) {
      context.addAccumulator(operator + "|" + DEAD_LETTERS, letters);
    }
  }

  /**
   * Whether a call that failed with {@code t} is isolated row by row instead of failing the job.
   */
  boolean canSkip(Throwable t) {
    return budget.skipping() && Failures.skippable(t);
  }

  /**
   * Isolates the rows of {@code batch} that make {@code udf} fail and counts them; the good rows'
   * outputs are the caller's. Throws (closing them) once this subtask alone is over the budget.
   */
  Isolation.Outcome isolate(BatchUdf udf, VectorSchemaRoot batch, BufferAllocator allocator) {
    Isolation.Outcome o =
        Isolation.run(udf, batch, allocator, operator, "subtask " + subtask + ", call " + calls, 1);
    try {
      if (!o.failed().isEmpty()) {
        o.failed().forEach(letters::add);
        budget.skipRows(o.failed());
      }
    } catch (RuntimeException e) {
      o.outputs().forEach(VectorSchemaRoot::close);
      throw e;
    }
    return o;
  }

  /** Counts a UDF call, so dead letters can name it. */
  void called() {
    calls++;
  }
}
