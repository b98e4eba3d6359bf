package io.sluice.benchmarks.peers;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.ToDoubleFunction;

/**
 * The ratio of two contenders taken within each round and then the median over rounds. On a shared
 * machine the load changes between rounds far more than within one, so pairing the two runs of a
 * round cancels most of it, where dividing the two overall medians would not.
 */
final class RoundRatio {

  private RoundRatio() {}

  static Optional<Double> of(
      List<Measurement> runs,
      String a,
      String b,
      ToDoubleFunction<Measurement> fa,
      ToDoubleFunction<Measurement> fb) {
    List<Double> ratios = new ArrayList<>();
    for (Measurement x : runs) {
      if (!x.contender().equals(a)) {
        continue;
      }
      for (Measurement y : runs) {
        if (y.contender().equals(b) && y.round() == x.round()) {
          double r = fa.applyAsDouble(x) / fb.applyAsDouble(y);
          if (!Double.isNaN(r) && !Double.isInfinite(r)) {
            ratios.add(r);
          }
        }
      }
    }
    if (ratios.isEmpty()) {
      return Optional.empty();
    }
    ratios.sort(null);
    int n = ratios.size();
    return Optional.of(
        n % 2 == 1 ? ratios.get(n / 2) : (ratios.get(n / 2 - 1) + ratios.get(n / 2)) / 2);
  }

  /** rows/s of {@code a} over rows/s of {@code b}, per round. */
  static Optional<Double> throughput(List<Measurement> runs, String a, String b) {
    return of(runs, a, b, Measurement::rowsPerSecond, Measurement::rowsPerSecond);
  }

  /** Model-stage rows/s of {@code a} over rows/s of {@code b} (the ORT-only loop), per round. */
  static Optional<Double> modelStage(List<Measurement> runs, String a, String b) {
    return of(runs, a, b, m -> m.rows() / m.inferSeconds(), Measurement::rowsPerSecond);
  }
}
