package io.sluice.flink.stage;

import io.sluice.operators.sort.Permutations;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * randomShuffle's receiving side: a uniformly random permutation (Fisher-Yates) of the rows its
 * partition got, seeded by the shuffle's seed and the subtask. With rows scattered to random
 * partitions first ({@link RowScatter#random}), every row can end up anywhere.
 */
public final class ShuffleOperator extends WholeInputOperator {

  private static final long serialVersionUID = 1L;
  private final long seed;

  public ShuffleOperator(String operator, long seed, long targetBlockBytes) {
    super(operator, targetBlockBytes);
    this.seed = seed;
  }

  @Override
  protected void finish(VectorSchemaRoot rows, int subtask, BufferAllocator allocator) {
    emit(rows, order(rows, subtask), allocator);
  }

  private int[] order(VectorSchemaRoot rows, int subtask) {
    return Permutations.shuffled(rows.getRowCount(), seed, subtask);
  }
}
