package io.sluice.executor.op;

import io.sluice.api.plan.AggregateNode;
import io.sluice.operators.group.GroupAggregation;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Group-by with aggregates over the spillable all-to-all machinery: rows are hash-partitioned by
 * their key (so every row of a group lands in one partition, spilled like a sort's), and each
 * partition is aggregated in memory into one output batch of one row per group, groups in order of
 * first appearance ({@link GroupAggregation}, shared with the Flink backend). Null keys group
 * together, as in SQL.
 */
public final class AggregateOperator extends AllToAllOperator {

  private final GroupAggregation aggregation;
  private int partitions = 1;

  public AggregateOperator(String name, AggregateNode node) {
    super(name);
    this.aggregation = GroupAggregation.of(node);
  }

  @Override
  protected int partitionCount(long rows, long bytes) {
    partitions = partitionsFor(rows, bytes);
    return partitions;
  }

  @Override
  protected void assign(VectorSchemaRoot batch, int[] partitionOfRow) {
    aggregation.partitions(batch, partitions, partitionOfRow);
  }

  @Override
  protected VectorSchemaRoot finish(int p, VectorSchemaRoot rows, BufferAllocator allocator) {
    try (rows) {
      return aggregation.aggregate(rows, allocator);
    }
  }
}
