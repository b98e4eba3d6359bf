package io.sluice.flink.stage;

import io.sluice.flink.block.ArrowBlock;
import io.sluice.flink.block.TaskAllocators;
import io.sluice.operators.group.GroupAggregation;
import io.sluice.operators.sort.RowGather;
import java.util.SplittableRandom;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.util.Collector;

/**
 * The sending half of an all-to-all exchange: cuts each block into one block per target partition
 * (rows keep their order within it) and tags it with the target, which a custom partitioner turns
 * into the receiving subtask. Rows go round-robin (repartition: counts differ by at most the number
 * of sending subtasks), to a random target (randomShuffle, seeded per sending subtask) or to the
 * target of its group-by key's hash (groupBy).
 */
public final class RowScatter extends RichFlatMapFunction<ArrowBlock, Tuple2<Integer, ArrowBlock>> {

  private static final long serialVersionUID = 1L;
  private final String operator;
  private final int partitions;
  private final Long seed;
  private final GroupAggregation grouping;
  private transient BufferAllocator allocator;
  private transient SplittableRandom random;
  private transient long next;

  private RowScatter(String operator, int partitions, Long seed, GroupAggregation grouping) {
    this.operator = operator;
    this.partitions = partitions;
    this.seed = seed;
    this.grouping = grouping;
  }

  /** Rows dealt round-robin over {@code partitions} targets. */
  public static RowScatter roundRobin(String operator, int partitions) {
    return new RowScatter(operator, partitions, null, null);
  }

  /** Each row to a uniformly random one of {@code partitions} targets. */
  public static RowScatter random(String operator, int partitions, long seed) {
    return new RowScatter(operator, partitions, seed, null);
  }

  /**
   * Each row to the target its group-by key hashes to, so all rows of a group meet in one receiving
   * subtask, whichever subtask sent them.
   */
  public static RowScatter byKey(String operator, int partitions, GroupAggregation grouping) {
    return new RowScatter(operator, partitions, null, grouping);
  }

  @Override
  public void open(OpenContext context) {
    int subtask = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
    allocator = TaskAllocators.child(operator + "-scatter#" + subtask);
    // Sending subtasks start at different targets, so small inputs still spread over all of them.
    next = subtask;
    random = seed == null ? null : new SplittableRandom(seed * 0x9E3779B97F4A7C15L + subtask);
  }

  @Override
  public void flatMap(ArrowBlock block, Collector<Tuple2<Integer, ArrowBlock>> out) {
    if (partitions == 1) {
      out.collect(Tuple2.of(0, block));
      return;
    }
    int rows = block.rows();
    try (VectorSchemaRoot batch = block.decode(allocator)) {
      int[] target = new int[rows];
      if (grouping != null) {
        grouping.partitions(batch, partitions, target);
      } else {
        for (int r = 0; r < rows; r++) {
          target[r] = random == null ? (int) (next++ % partitions) : random.nextInt(partitions);
        }
      }
      int[] count = new int[partitions];
      for (int r = 0; r < rows; r++) {
        count[target[r]]++;
      }
      int[] start = new int[partitions];
      for (int p = 1; p < partitions; p++) {
        start[p] = start[p - 1] + count[p - 1];
      }
      int[] idx = new int[rows];
      int[] fill = start.clone();
      for (int r = 0; r < rows; r++) {
        idx[fill[target[r]]++] = r;
      }
      for (int p = 0; p < partitions; p++) {
        if (count[p] == 0) {
          continue;
        }
        try (VectorSchemaRoot part = RowGather.take(batch, idx, start[p], count[p], allocator)) {
          out.collect(Tuple2.of(p, ArrowBlock.encode(part)));
        }
      }
    }
  }

  @Override
  public void close() {
    if (allocator != null) {
      allocator.close();
    }
  }
}
