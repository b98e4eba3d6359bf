package io.sluice.operators.sort;

import java.util.SplittableRandom;

/** Row orders for the shuffles of both backends. */
public final class Permutations {

  private Permutations() {}

  /**
   * A uniformly random order of {@code n} rows (Fisher-Yates), the same for the same {@code seed}
   * and {@code partition}, different across partitions.
   */
  public static int[] shuffled(int n, long seed, int partition) {
    int[] idx = new int[n];
    for (int i = 0; i < n; i++) {
      idx[i] = i;
    }
    SplittableRandom rnd = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + partition);
    for (int i = n - 1; i > 0; i--) {
      int j = rnd.nextInt(i + 1);
      int t = idx[i];
      idx[i] = idx[j];
      idx[j] = t;
    }
    return idx;
  }
}
