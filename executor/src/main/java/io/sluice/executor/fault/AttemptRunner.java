package io.sluice.executor.fault;

import io.sluice.api.ExecutionOptions;
import io.sluice.api.OperatorException;
import io.sluice.api.SluiceException;
import io.sluice.api.udf.BatchUdf;
import io.sluice.operators.fault.DeadLetter;
import io.sluice.operators.fault.ErrorBudget;
import io.sluice.operators.fault.Failures;
import io.sluice.operators.fault.Isolation;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Decides whether, and how many times, a task runs: the one place for retries with backoff,
 * isolation of failing rows into dead letters, the job's error budget and interrupts, for every
 * task kind (read, map, write) and every actor call. Operators say what one attempt does and how to
 * throw its partial output away; which failures are retried is {@link Failures}' call.
 *
 * <p>{@link #run} is called on a worker thread and blocks it through the backoff; it never throws.
 * {@link #verdict} and {@link #afterActorDeath} are queries for pools that re-queue work
 * themselves. Thread-safe (the budget synchronizes).
 */
public final class AttemptRunner {

  /** Waits between attempts; tests pass one that records the waits instead. */
  @FunctionalInterface
  public interface Sleeper {
    Sleeper REAL = Thread::sleep;

    void sleep(long millis) throws InterruptedException;
  }

  /** One attempt of a task; {@code attempt} counts from 0. */
  @FunctionalInterface
  public interface Attempt<T> {
    T run(int attempt) throws Exception;
  }

  /**
   * What a task does instead once its attempts are used up and the job skips errors: e.g. isolate
   * the failing rows, or give up the rest of a split. It adds one dead letter per skipped row or
   * block; {@code cause} is the last attempt's failure.
   */
  @FunctionalInterface
  public interface Skip<T> {
    T run(int attempts, Throwable cause, List<DeadLetter> dead) throws Exception;
  }

  /**
   * How a task ended.
   *
   * @param value the successful attempt's (or skip's) result; null when failed
   * @param failure why the task failed, naming operator and task; null on success
   * @param attempts attempts made (at least 1)
   * @param skipped dead letters recorded against the budget (already counted)
   * @param interrupted whether it ended because the thread was interrupted (the flag is set again)
   */
  public record Outcome<T>(
      T value, Throwable failure, int attempts, List<DeadLetter> skipped, boolean interrupted) {

    public boolean failed() {
      return failure != null;
    }

    public int retries() {
      return attempts - 1;
    }
  }

  /** What a pool does with a batch whose attempt failed. */
  public enum Verdict {
    RETRY,
    ISOLATE,
    FAIL
  }

  private static final long MAX_BACKOFF_MILLIS = 5_000;
  private final int maxRetries;
  private final long baseBackoffMillis;
  private final ErrorBudget budget;
  private final Sleeper sleeper;

  public AttemptRunner(int maxRetries, Duration baseBackoff, ErrorBudget budget, Sleeper sleeper) {
    if (maxRetries < 0) {
      throw new IllegalArgumentException("maxRetries must be >= 0");
    }
    this.maxRetries = maxRetries;
    this.baseBackoffMillis = baseBackoff.toMillis();
    this.budget = budget;
    this.sleeper = sleeper;
  }

  public static AttemptRunner of(ExecutionOptions options, ErrorBudget budget) {
    return new AttemptRunner(
        options.retries().maxTaskRetries(), options.retries().backoff(), budget, Sleeper.REAL);
  }

  public ErrorBudget budget() {
    return budget;
  }

  public int maxRetries() {
    return maxRetries;
  }

  /** The wait before attempt {@code attempt + 1}: the base doubled per attempt, capped at 5 s. */
  public long backoffMillis(int attempt) {
    return Math.min(MAX_BACKOFF_MILLIS, baseBackoffMillis << Math.min(20, attempt));
  }

  /**
   * Runs {@code attempt} until it succeeds, fails for good, is cancelled or interrupted. After
   * every failed attempt {@code discard} throws its partial output away. When retries are used up
   * (or the failure is not retryable) and the job skips errors, {@code skip} (if any) runs instead
   * and its dead letters are counted against the budget; a budget exceeded fails the task (and
   * discards again).
   *
   * @param operator the operator's name, for messages
   * @param what the task and its rows, e.g. "task 3 (rows 0..99 of split s)", for messages
   * @param cancelled read between attempts: a cancelled task is not retried
   */
  public <T> Outcome<T> run(
      String operator,
      String what,
      Attempt<T> attempt,
      Runnable discard,
      Skip<T> skip,
      BooleanSupplier cancelled) {
    int n = 0;
    while (true) {
      try {
        return new Outcome<>(attempt.run(n), null, n + 1, List.of(), false);
      } catch (Throwable t) {
        discard.run();
        Failures.Kind kind = Failures.kind(t);
        if (kind == Failures.Kind.INTERRUPTED || Thread.currentThread().isInterrupted()) {
          Thread.currentThread().interrupt();
          return interrupted(operator, what, t, n + 1);
        }
        if (cancelled.getAsBoolean()) {
          return failed(operator, what, t, n + 1);
        }
        if (kind == Failures.Kind.TRANSIENT && n < maxRetries) {
          try {
            sleeper.sleep(backoffMillis(n));
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return interrupted(operator, what, t, n + 1);
          }
          n++;
          continue;
        }
        if (skip != null && budget.skipping() && Failures.skippable(t)) {
          return skip(operator, what, skip, discard, n + 1, t);
        }
        return failed(operator, what, t, n + 1);
      }
    }
  }

  private <T> Outcome<T> skip(
      String operator, String what, Skip<T> skip, Runnable discard, int attempts, Throwable cause) {
    List<DeadLetter> dead = new ArrayList<>();
    try {
      T value = skip.run(attempts, cause, dead);
      record(dead);
      return new Outcome<>(value, null, attempts, List.copyOf(dead), false);
    } catch (Throwable t) {
      discard.run();
      if (Failures.kind(t) == Failures.Kind.INTERRUPTED) {
        Thread.currentThread().interrupt();
        return interrupted(operator, what, t, attempts);
      }
      if (t != cause && !(t instanceof SluiceException)) {
        t.addSuppressed(cause);
      }
      return t instanceof SluiceException
          ? new Outcome<>(null, t, attempts, List.copyOf(dead), false)
          : failed(operator, what, t, attempts);
    }
  }

  /**
   * Counts dead letters against the budget; throws (a {@code SluiceException}) once it is exceeded.
   */
  public void record(List<DeadLetter> dead) {
    List<DeadLetter> rows = dead.stream().filter(d -> !d.isBlock()).toList();
    if (!rows.isEmpty()) {
      budget.skipRows(rows);
    }
    for (DeadLetter d : dead) {
      if (d.isBlock()) {
        budget.skipBlock(d);
      }
    }
  }

  /**
   * Isolates the rows of {@code batch} that make {@code udf} fail (see {@link Isolation}) and
   * counts them against the budget. The outputs of the good rows are the caller's; on a budget
   * exceeded they are closed here and the budget's exception is thrown.
   */
  public Isolation.Outcome isolate(
      BatchUdf udf,
      VectorSchemaRoot batch,
      BufferAllocator allocator,
      String operator,
      String where,
      int attempts) {
    Isolation.Outcome o = Isolation.run(udf, batch, allocator, operator, where, attempts);
    try {
      record(o.failed());
    } catch (RuntimeException e) {
      o.outputs().forEach(VectorSchemaRoot::close);
      throw e;
    }
    return o;
  }

  /**
   * For a pool: what to do with a batch whose attempt {@code attempt} (0-based) failed with {@code
   * t}.
   */
  public Verdict verdict(Throwable t, int attempt) {
    if (Failures.kind(t) == Failures.Kind.TRANSIENT && attempt < maxRetries) {
      return Verdict.RETRY;
    }
    return budget.skipping() && Failures.skippable(t) ? Verdict.ISOLATE : Verdict.FAIL;
  }

  /**
   * For a pool: the batch of an actor that died (whatever killed its thread) during attempt {@code
   * attempt} runs again on a fresh actor while retries last, else it fails.
   */
  public Verdict afterActorDeath(int attempt) {
    return attempt < maxRetries ? Verdict.RETRY : Verdict.FAIL;
  }

  private static <T> Outcome<T> failed(String operator, String what, Throwable t, int attempts) {
    return new Outcome<>(null, describe(operator, what, t, attempts), attempts, List.of(), false);
  }

  private static <T> Outcome<T> interrupted(
      String operator, String what, Throwable t, int attempts) {
    return new Outcome<>(
        null,
        new OperatorException(
            operator,
            what
                + " was interrupted during attempt "
                + attempts
                + (t.getMessage() == null ? "" : " (" + t.getMessage() + ")"),
            t),
        attempts,
        List.of(),
        true);
  }

  /** Names the operator, the task and its attempts; an operator's own message is kept as it is. */
  public static Throwable describe(String operator, String what, Throwable t, int attempts) {
    if (t instanceof OperatorException) {
      return t;
    }
    String msg = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    return new OperatorException(
        operator,
        what + " (after " + attempts + (attempts == 1 ? " attempt" : " attempts") + "): " + msg,
        t);
  }
}
