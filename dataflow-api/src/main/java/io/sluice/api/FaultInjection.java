package io.sluice.api;

/**
 * Test-only fault injection: the executor makes a reader, a task, an actor or a writer throw (or an
 * actor's thread die) with the given probabilities, drawn from a generator seeded per site, task
 * and attempt, so a run is reproducible. Off by default; never enable it in production.
 *
 * @param seed seed of every draw
 * @param reader probability that a read task attempt fails
 * @param task probability that a CPU map task attempt fails
 * @param actor probability that an actor call fails (the actor is then restarted)
 * @param actorDeath probability that an actor's thread dies during a call
 * @param writer probability that a write task attempt fails
 */
public record FaultInjection(long seed, double reader, double task, double actor, double actorDeath, double writer) {

  public static FaultInjection none() {
    return new FaultInjection(0, 0, 0, 0, 0, 0);
  }

  public boolean enabled() {
    return reader > 0 || task > 0 || actor > 0 || actorDeath > 0 || writer > 0;
  }

  /** Whether the draw for {@code site}, {@code task} and {@code attempt} fails with {@code p}. */
  public boolean fails(double p, String site, long task, int attempt) {
    if (p <= 0) {
      return false;
    }
    long h = seed;
    h = h * 31 + site.hashCode();
    h = h * 1_000_003L + task;
    h = h * 8191 + attempt;
    return new java.util.SplittableRandom(h).nextDouble() < p;
  }
}
