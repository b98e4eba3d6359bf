package io.sluice.executor.fault;

/** A failure made on purpose by {@link io.sluice.api.FaultInjection}; retried like any other. */
public final class InjectedFault extends RuntimeException {

  public InjectedFault(String site, long task, int attempt) {
    super("injected fault at " + site + ", task " + task + ", attempt " + attempt);
  }
}
