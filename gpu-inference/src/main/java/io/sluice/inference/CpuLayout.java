package io.sluice.inference;

import io.sluice.api.Compute;
import java.io.Serializable;

/**
 * How an inference stage uses a CPU-only machine's cores: {@code actors} sessions with {@code
 * threadsPerActor} intra-op threads each (or sharing ORT's global pool).
 *
 * <p><b>The rule</b> ({@link #rule}): on a machine the job has to itself, one actor with every core
 * as an intra-op thread. Measured on the quiet 2-core development VM (benchmarks/README-peers.md,
 * fp32 MiniLM, 2,048 rows, runs alternated): 1 x 2 ran at 98 rows/s, 2 x 1 at 93, with 0.65 GiB
 * less peak RSS (one copy of the model and its arena instead of one per actor). When the cores are
 * shared with other work, one session with N threads forks and joins at every operator and waits
 * for its slowest thread, which is often descheduled; there N independent single-threaded sessions
 * won by 25-55% under a load of 6-16 (benchmarks/README-inference.md), and {@link #sharedHost}
 * gives that layout as long as the model copies fit in memory. With several actors on shared cores,
 * spinning idle threads steal cores ({@link SessionTuning#spinning()}), and ORT's global pool
 * ({@link SessionTuning#sharedThreadPool()}) is the middle ground. The benchmarks module's {@code
 * CpuCalibration} measures the candidates on the real model and machine instead of assuming.
 *
 * @param actors actors (sessions) in the pool
 * @param threadsPerActor intra-op threads per session (and CPU slots per actor)
 * @param sharedPool sessions run on ORT's global pool ({@link OrtEnv#useGlobalThreadPool}) instead
 *     of their own threads
 */
public record CpuLayout(int actors, int threadsPerActor, boolean sharedPool)
    implements Serializable {

  /**
   * Memory one actor needs per byte of model file, for {@link #sharedHost}: the weights, ORT's
   * arena and activations of a batch-64 window (about 2x the weights for BERT-size models), rounded
   * up.
   */
  static final int BYTES_PER_MODEL_BYTE = 3;

  public CpuLayout {
    if (actors < 1 || threadsPerActor < 1) {
      throw new IllegalArgumentException(
          "a CPU layout needs >= 1 actor and >= 1 thread, got " + actors + " x " + threadsPerActor);
    }
  }

  /** One actor using all {@code cores} as intra-op threads. */
  public static CpuLayout oneActor(int cores) {
    return new CpuLayout(1, cores, false);
  }

  /** One single-threaded actor per core. */
  public static CpuLayout actorPerCore(int cores) {
    return new CpuLayout(cores, 1, false);
  }

  /** The documented rule (class javadoc) for a machine the job has to itself: {@link #oneActor}. */
  public static CpuLayout rule(int cores) {
    return oneActor(Math.max(1, cores));
  }

  /**
   * The layout for cores shared with other work (class javadoc): one 1-thread actor per core while
   * {@code 3 x modelBytes} per actor fits in half of {@code memoryBytes}; else as many actors as
   * fit, each with an equal share of the cores as intra-op threads.
   */
  public static CpuLayout sharedHost(int cores, long modelBytes, long memoryBytes) {
    int n = Math.max(1, cores);
    long perActor = Math.max(1, BYTES_PER_MODEL_BYTE * modelBytes);
    int fit = (int) Math.max(1, Math.min(n, (memoryBytes / 2) / perActor));
    return new CpuLayout(fit, Math.max(1, n / fit), false);
  }

  /** The other layout on the same cores ({@code 1 x N <-> N x 1}), for ablations. */
  public CpuLayout flipped() {
    int cores = actors * threadsPerActor;
    return actors == 1 ? actorPerCore(cores) : oneActor(cores);
  }

  /** {@code spec} with this layout's threads (and pool choice). */
  public OnnxModelSpec apply(OnnxModelSpec spec) {
    return spec.intraOpThreads(threadsPerActor).sharedThreadPool(sharedPool);
  }

  /** The actor pool for this layout, each actor taking windows of {@code window} rows. */
  public Compute.Actors compute(int window) {
    return Compute.actors(actors).cpus(threadsPerActor).batchSize(window);
  }

  @Override
  public String toString() {
    return actors
        + (actors == 1 ? " actor x " : " actors x ")
        + threadsPerActor
        + (threadsPerActor == 1 ? " thread" : " threads")
        + (sharedPool ? " (shared pool)" : "");
  }
}
