package io.sluice.operators.fault;

import io.sluice.api.DeterministicException;
import io.sluice.api.PlanException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.nio.channels.ClosedByInterruptException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * The one place that says what kind of failure a task or UDF call ended with, so both backends
 * retry, isolate and fail alike. Queries only; thread-safe.
 */
public final class Failures {

  /** What a failure means for the attempt that saw it. */
  public enum Kind {
    /**
     * Worth another attempt (I/O, a flaky endpoint, a crashed actor): retried, then isolated under
     * skip.
     */
    TRANSIENT,
    /** A retry would repeat it (bad data): never retried, but its rows are isolated under skip. */
    DETERMINISTIC,
    /**
     * The plan or the JVM is broken (plan errors, out of memory, missing classes): fails the job at
     * once.
     */
    FATAL,
    /**
     * The thread was interrupted (the job is stopping): ends the attempt, never retried or skipped.
     */
    INTERRUPTED
  }

  private Failures() {}

  /**
   * The kind of {@code t}, looking through the wrappers that name the operator (an {@code
   * OperatorException} around a user function's error keeps it as its cause): the first cause that
   * is plan, JVM, data or interrupt trouble decides; a chain of none of these is transient.
   */
  public static Kind kind(Throwable t) {
    Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Throwable c = t; c != null && seen.add(c); c = c.getCause()) {
      Kind k = own(c);
      if (k != null) {
        return k;
      }
    }
    return Kind.TRANSIENT;
  }

  /** What {@code t} itself says, or null when only its cause can tell. */
  private static Kind own(Throwable t) {
    if (t instanceof InterruptedException
        || t instanceof ClosedByInterruptException
        || (t instanceof InterruptedIOException && !(t instanceof SocketTimeoutException))) {
      return Kind.INTERRUPTED;
    }
    if (t instanceof PlanException
        || t instanceof OutOfMemoryError
        || t instanceof InternalError
        || t instanceof LinkageError) {
      return Kind.FATAL;
    }
    if (t instanceof DeterministicException
        || t instanceof Error) { // an assertion, a stack overflow on a row
      return Kind.DETERMINISTIC;
    }
    return null;
  }

  /** Whether another attempt may succeed. */
  public static boolean retryable(Throwable t) {
    return kind(t) == Kind.TRANSIENT;
  }

  /** Whether, under {@code ErrorPolicy.skip}, the failing rows may be isolated and skipped. */
  public static boolean skippable(Throwable t) {
    Kind k = kind(t);
    return k == Kind.TRANSIENT || k == Kind.DETERMINISTIC;
  }
}
