package io.sluice.flink.stage;

import java.util.SplittableRandom;
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
  protected int[] order(VectorSchemaRoot rows, int subtask) {
    int n = rows.getRowCount();
    int[] idx = new int[n];
    for (int i = 0; i < n; i++) {
      idx[i] = i;
    }
    SplittableRandom rnd = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + subtask);
    for (int i = n - 1; i > 0; i--) {
      int j = rnd.nextInt(i + 1);
      int t = idx[i];
      idx[i] = idx[j];
      idx[j] = t;
    }
    return idx;
  }
}
