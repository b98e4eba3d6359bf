package io.sluice.executor.plan;

import io.sluice.executor.op.PhysicalOperator;
import java.util.List;

/**
 * Makes the operator of one plan node (Trino's {@code OperatorFactory}): the plan holds factories,
 * each job run makes its own operators from them. Factories are immutable and may be asked any
 * number of times; what they know before a run (a source's planned splits) they tell here.
 */
@FunctionalInterface
public interface OperatorFactory {

  /** A new operator, not started. */
  PhysicalOperator create();

  /**
   * The read splits the operators it makes will read, in order, as keys stable across runs (for
   * resuming a job); empty for all but sources.
   */
  default List<String> splits() {
    return List.of();
  }
}
