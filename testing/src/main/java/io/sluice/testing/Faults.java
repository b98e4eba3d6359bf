package io.sluice.testing;

import io.sluice.api.spi.Datasource;
import io.sluice.api.udf.UdfFactory;
import java.io.Serializable;
import java.util.SplittableRandom;

/**
 * Test-only fault injection from outside the engine: decorators that make a UDF call or a read-task
 * attempt fail (or an actor's thread die) with given probabilities. Every draw comes from a
 * generator seeded by the seed, the site, the instance or task and the call or attempt number, so a
 * run is reproducible. The engine knows nothing of it: the failures are ordinary exceptions.
 *
 * <pre>{@code
 * Faults faults = Faults.seeded(42);
 * sluice.read(faults.failingReads(new RangeSource(n, 2), 0.05))
 *       .mapBatches(faults.failingCalls(model, 0.25).dyingActors(0.02), Compute.actors(2));
 * }</pre>
 *
 * @param seed seed of every draw
 */
public record Faults(long seed) implements Serializable {

  public static Faults seeded(long seed) {
    return new Faults(seed);
  }

  /**
   * A UDF factory whose instances throw an {@link InjectedFault} (retryable) on a call with
   * probability {@code p}.
   */
  public FaultyUdfFactory failingCalls(UdfFactory udf, double p) {
    return new FaultyUdfFactory(udf, this, p, 0);
  }

  /**
   * A source whose read tasks throw an {@link InjectedFault} when opened, with probability {@code
   * p} per attempt.
   */
  public Datasource failingReads(Datasource source, double p) {
    return new FaultyDatasource(source, this, p);
  }

  /**
   * Whether the draw for {@code site}, {@code unit} and {@code n} fails with probability {@code p}.
   */
  public boolean strikes(double p, String site, long unit, long n) {
    if (p <= 0) {
      return false;
    }
    long h = seed;
    h = h * 31 + site.hashCode();
    h = h * 1_000_003L + unit;
    h = h * 8191 + n;
    return new SplittableRandom(h).nextDouble() < p;
  }

  static void checkProbability(String what, double p) {
    if (!(p >= 0 && p <= 1)) {
      throw new IllegalArgumentException(what + " probability must be in [0, 1], got " + p);
    }
  }
}
