package io.sluice.flink.stage;

import io.sluice.operators.group.GroupAggregation;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * groupBy(..).aggregate's receiving side: a subtask gets every row of the groups whose key hash
 * chose it ({@link RowScatter#byKey}), and at end of input emits one row per group with the local
 * backend's aggregation ({@link GroupAggregation}: SQL null rules, null keys one group). Groups
 * come out in no particular order, as locally.
 */
public final class GroupByOperator extends WholeInputOperator {

  private static final long serialVersionUID = 1L;
  private final GroupAggregation aggregation;

  public GroupByOperator(String operator, GroupAggregation aggregation, long targetBlockBytes) {
    super(operator, targetBlockBytes);
    this.aggregation = aggregation;
  }

  @Override
  protected void finish(VectorSchemaRoot rows, int subtask, BufferAllocator allocator) {
    try (VectorSchemaRoot groups = aggregation.aggregate(rows, allocator)) {
      emit(groups, null, allocator);
    }
  }
}
