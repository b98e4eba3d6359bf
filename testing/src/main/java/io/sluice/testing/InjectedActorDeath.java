package io.sluice.testing;

/**
 * Kills an actor's thread on purpose ({@link FaultyUdfFactory#dyingActors}): an {@link Error}, so
 * it escapes the engine's per-call failure handling as a real crash would. On a CPU task (no actor)
 * it is a non-retryable error that fails the job, so use it on actor stages only.
 */
public final class InjectedActorDeath extends Error {

  public InjectedActorDeath(String actor, long call) {
    super("injected death of actor " + actor + " during call " + call);
  }
}
