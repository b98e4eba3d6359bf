package io.sluice.inference;

import io.sluice.api.Compute;
import java.io.Serializable;

/**
 * How an inference stage uses a CPU-only machine's cores: {@code actors} sessions with
 * {@code threadsPerActor} intra-op threads each (or sharing ORT's global pool).
 *
 * <p><b>The rule</b> ({@link #rule}): at most {@value #MAX_THREADS_PER_SESSION} intra-op threads
 * per session, and as many actors as fill the cores. Why: for BERT-size models at model batch 64
 * (thousands of tokens per call), a session's GEMMs split well over a few threads, so one actor with
 * N threads runs about as fast as N single-thread actors while holding one copy of the weights and
 * one window in memory, and it finishes the job's last window on all cores instead of one. Past a
 * few threads the per-operator fork/join (and the small ops between GEMMs) stop scaling, and
 * independent sessions win. When several actors share the cores, turn spinning off
 * ({@link SessionTuning#spinning()}) or use the shared pool ({@link SessionTuning#sharedThreadPool()}),
 * so idle threads do not steal cores. {@link CpuCalibration} measures instead of assuming.
 *
 * @param actors actors (sessions) in the pool
 * @param threadsPerActor intra-op threads per session (and CPU slots per actor)
 * @param sharedPool sessions run on ORT's global pool ({@link OrtEnv#useGlobalThreadPool}) instead
 *     of their own threads
 */
public record CpuLayout(int actors, int threadsPerActor, boolean sharedPool) implements Serializable {

  /** Intra-op threads per session beyond which the rule adds actors instead. */
  public static final int MAX_THREADS_PER_SESSION = 4;

  public CpuLayout {
    if (actors < 1 || threadsPerActor < 1) {
      throw new IllegalArgumentException("a CPU layout needs >= 1 actor and >= 1 thread, got " + actors + " x "
          + threadsPerActor);
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

  /** The documented rule (class javadoc): threads per session capped at 4, actors fill the cores. */
  public static CpuLayout rule(int cores) {
    int threads = Math.max(1, Math.min(cores, MAX_THREADS_PER_SESSION));
    return new CpuLayout(Math.max(1, cores / threads), threads, false);
  }

  /** The rule for this machine's cores ({@code availableProcessors}). */
  public static CpuLayout forThisMachine() {
    return rule(Runtime.getRuntime().availableProcessors());
  }

  /** The other layout on the same cores (1 x N <-> N x 1), for ablations. */
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
    return actors + (actors == 1 ? " actor x " : " actors x ") + threadsPerActor
        + (threadsPerActor == 1 ? " thread" : " threads") + (sharedPool ? " (shared pool)" : "");
  }
}
