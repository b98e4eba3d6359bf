package io.sluice.executor.run;

import io.sluice.executor.op.PhysicalOperator;
import java.util.List;

/** The job's global state as policies see it. Loop thread only. */
public interface JobView {

  /** Bytes of Arrow memory the job holds now (all operators' allocators). */
  long memoryUsed();

  /** The job's memory budget. */
  long memoryBudget();

  /** Bytes held by {@code op}'s allocator: output produced and not yet consumed, plus in flight. */
  long memoryUsed(PhysicalOperator op);

  /** The budget share one producing operator's held output may reach. */
  long memoryShare();

  /**
   * Bytes running tasks are still expected to produce: output not yet flushed into blocks, and the
   * heap their UDFs build it in, estimated from each operator's mean output per task. Counted with
   * {@link #memoryUsed()} by policies that must keep a hard limit.
   */
  default long reservedBytes() {
    return 0;
  }

  /** {@link #reservedBytes()} of one operator's running tasks. */
  default long reservedBytes(PhysicalOperator op) {
    return 0;
  }

  /** What the job has measured about {@code op} so far. */
  default OperatorProfile profile(PhysicalOperator op) {
    return OperatorProfile.UNKNOWN;
  }

  /** Every operator, sources first, the sink last. */
  default List<PhysicalOperator> operators() {
    return List.of();
  }

  /** The operators {@code op}'s output flows through, nearest first, the sink last. */
  default List<PhysicalOperator> downstreamOf(PhysicalOperator op) {
    return List.of();
  }
}
