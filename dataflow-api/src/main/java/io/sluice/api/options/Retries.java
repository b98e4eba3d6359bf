package io.sluice.api.options;

import io.sluice.api.DeterministicException;
import io.sluice.api.ErrorPolicy;
import io.sluice.api.PlanException;
import java.time.Duration;
import java.util.Objects;

/**
 * What happens when a task or an actor fails.
 *
 * @param maxTaskRetries how often a failed task (an exception or I/O error in a reader, UDF or
 *     writer) is retried before the error policy applies (default 3). UDFs and readers are assumed
 *     deterministic: a retry must produce the same rows. Failures a retry cannot change are tried
 *     once: {@link PlanException}s fail the job at once, {@link DeterministicException}s (bad data)
 *     go straight to the error policy.
 * @param backoff wait before the first retry; doubles with every further attempt, up to 5 s
 *     (default 50 ms)
 * @param maxActorRestarts how many times each actor pool may rebuild a failed or dead actor
 *     (default 3)
 * @param errorPolicy what happens to rows that still fail after retries (default: fail the job)
 */
public record Retries(
    int maxTaskRetries, Duration backoff, int maxActorRestarts, ErrorPolicy errorPolicy) {

  public Retries {
    if (maxTaskRetries < 0) {
      throw new IllegalArgumentException(
          "retries.maxTaskRetries must be >= 0, got " + maxTaskRetries);
    }
    Objects.requireNonNull(backoff, "retries.backoff");
    if (backoff.isNegative()) {
      throw new IllegalArgumentException("retries.backoff must be >= 0, got " + backoff);
    }
    if (maxActorRestarts < 0) {
      throw new IllegalArgumentException(
          "retries.maxActorRestarts must be >= 0, got " + maxActorRestarts);
    }
    Objects.requireNonNull(errorPolicy, "retries.errorPolicy");
  }

  public static Retries defaults() {
    return new Retries(3, Duration.ofMillis(50), 3, ErrorPolicy.fail());
  }

  public Retries withMaxTaskRetries(int retries) {
    return new Retries(retries, backoff, maxActorRestarts, errorPolicy);
  }

  public Retries withBackoff(Duration wait) {
    return new Retries(maxTaskRetries, wait, maxActorRestarts, errorPolicy);
  }

  public Retries withMaxActorRestarts(int restarts) {
    return new Retries(maxTaskRetries, backoff, restarts, errorPolicy);
  }

  public Retries withErrorPolicy(ErrorPolicy policy) {
    return new Retries(maxTaskRetries, backoff, maxActorRestarts, policy);
  }
}
