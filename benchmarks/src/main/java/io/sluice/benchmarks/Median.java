package io.sluice.benchmarks;

import java.util.Arrays;
import java.util.List;

/** Median of a few measurements: robust to one noisy round on a shared machine. */
public final class Median {

  private Median() {}

  public static double of(List<Double> values) {
    if (values.isEmpty()) {
      throw new IllegalArgumentException("no values");
    }
    double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(v);
    int mid = v.length / 2;
    return v.length % 2 == 1 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
  }
}
