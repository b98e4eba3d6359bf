package io.sluice.testing;

/** A failure made on purpose by {@link Faults}; an ordinary, retryable exception to the engine. */
public final class InjectedFault extends RuntimeException {

  public InjectedFault(String site, long unit, long n) {
    super("injected fault at " + site + ", unit " + unit + ", call " + n);
  }
}
