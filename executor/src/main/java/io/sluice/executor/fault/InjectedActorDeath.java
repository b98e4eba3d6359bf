package io.sluice.executor.fault;

/**
 * Kills an actor's thread on purpose (fault injection): it is an {@link Error} so it escapes the
 * actor's work handling, as a real crash would.
 */
public final class InjectedActorDeath extends Error {

  public InjectedActorDeath(String actor, long batch) {
    super("injected death of actor " + actor + " during batch " + batch);
  }
}
