package io.sluice.executor.fault;

import io.sluice.api.ExecutionOptions;
import io.sluice.api.FaultInjection;
import io.sluice.api.PlanException;

/**
 * Retry rules shared by the operators: which failures are retried, how long to wait, and where
 * injected faults strike. Thread-safe (immutable).
 */
public final class Retrier {

  private static final long MAX_BACKOFF_MILLIS = 5_000;
  private final int maxRetries;
  private final long baseBackoffMillis;
  private final FaultInjection faults;

  public Retrier(ExecutionOptions options) {
    this.maxRetries = options.maxTaskRetries();
    this.baseBackoffMillis = options.retryBackoff().toMillis();
    this.faults = options.faultInjection();
  }

  public int maxRetries() {
    return maxRetries;
  }

  /**
   * Whether attempt {@code attempt} (0-based) that failed with {@code t} gets another try. Plan
   * errors never change on retry; out-of-memory and other JVM errors are not retried either.
   */
  public boolean shouldRetry(Throwable t, int attempt) {
    if (attempt >= maxRetries || t instanceof PlanException) {
      return false;
    }
    return !(t instanceof Error) || t instanceof InjectedActorDeath;
  }

  /** Sleeps before attempt {@code attempt + 1}: the base backoff doubled per attempt, capped. */
  public void backoff(int attempt) throws InterruptedException {
    long millis = Math.min(MAX_BACKOFF_MILLIS, baseBackoffMillis << Math.min(20, attempt));
    if (millis > 0) {
      Thread.sleep(millis);
    }
  }

  public long backoffMillis(int attempt) {
    return Math.min(MAX_BACKOFF_MILLIS, baseBackoffMillis << Math.min(20, attempt));
  }

  /** Throws an {@link InjectedFault} when the configured probability for this site strikes. */
  public void maybeFail(double probability, String site, long task, int attempt) {
    if (faults.fails(probability, site, task, attempt)) {
      throw new InjectedFault(site, task, attempt);
    }
  }

  public FaultInjection faults() {
    return faults;
  }
}
