package io.sluice.executor.op;

import io.sluice.operators.sort.Permutations;
import io.sluice.operators.sort.RowGather;
import java.util.SplittableRandom;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * A uniformly random permutation of all rows, the same for the same seed and input: each row goes
 * to a random partition, then each partition is permuted in memory (Fisher-Yates).
 */
public final class RandomShuffleOperator extends AllToAllOperator {

  private final long seed;
  private SplittableRandom scatterRandom;
  private int partitions;

  public RandomShuffleOperator(String name, long seed) {
    super(name);
    this.seed = seed;
  }

  @Override
  protected int partitionCount(long rows, long bytes) {
    partitions = partitionsFor(rows, bytes);
    scatterRandom = new SplittableRandom(seed);
    return partitions;
  }

  @Override
  protected void assign(VectorSchemaRoot batch, int[] partitionOfRow) {
    for (int r = 0; r < partitionOfRow.length; r++) {
      partitionOfRow[r] = partitions == 1 ? 0 : scatterRandom.nextInt(partitions);
    }
  }

  @Override
  protected VectorSchemaRoot finish(int p, VectorSchemaRoot rows, BufferAllocator allocator) {
    try {
      int n = rows.getRowCount();
      int[] idx = Permutations.shuffled(n, seed, p);
      return RowGather.take(rows, idx, 0, n, allocator);
    } finally {
      rows.close();
    }
  }
}
