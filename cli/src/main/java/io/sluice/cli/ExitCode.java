package io.sluice.cli;

import io.sluice.api.PlanException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.util.Locale;

/**
 * The exit codes of {@code sluice run}, for schedulers (README, docs/operations.md): 0 ok, 1
 * failed, 2 bad command line or job file, 3 locked, 4 rows skipped past the warning threshold, 75
 * (EX_TEMPFAIL) worth retrying later.
 */
public enum ExitCode {
  OK(0, "succeeded"),
  FAILED(1, "failed"),
  BAD_INPUT(2, "bad_job"),
  LOCKED(3, "locked"),
  ROWS_SKIPPED(4, "rows_skipped"),
  RETRY_LATER(75, "retry_later");

  private static final int MAX_DEPTH = 20;

  /** The process exit status. */
  public final int code;

  /** The outcome's name in the run report. */
  public final String outcome;

  ExitCode(int code, String outcome) {
    this.code = code;
    this.outcome = outcome;
  }

  /**
   * FAILED, or RETRY_LATER when a cause says the storage or a service was unreachable or
   * throttling: connection refused or reset, unknown host, timeouts, HTTP 503 / SlowDown, throttled
   * S3 requests, S3's 500 InternalError (S3A retried it already: these are the ones that outlasted
   * its retries). A plan error (bad column, destination exists) is never worth retrying.
   */
  public static ExitCode ofFailure(Throwable error) {
    if (error instanceof PlanException) {
      return FAILED;
    }
    int depth = 0;
    for (Throwable t = error; t != null && depth < MAX_DEPTH; t = t.getCause(), depth++) {
      if (t instanceof ConnectException
          || t instanceof NoRouteToHostException
          || t instanceof UnknownHostException
          || t instanceof SocketTimeoutException
          || t instanceof HttpTimeoutException
          || t
              instanceof
              SocketException) { // "Connection reset": the peer or the network dropped it
        return RETRY_LATER;
      }
      String type = t.getClass().getName().toLowerCase(Locale.ROOT);
      String message = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
      if (type.contains("throttl")
          || type.contains("retriableexception")
          || type.contains("standbyexception")
          || type.endsWith(
              "awsstatus500exception") // S3 500 InternalError / 503 that S3A's retries did not
          // outlast
          || message.contains("connection reset")
          || message.contains("internalerror")
          || message.contains("slow down")
          || message.contains("slowdown")
          || message.contains("503 service unavailable")
          || message.contains("unable to execute http request")
          || message.contains("connection refused")
          || message.contains("unknownhostexception")) {
        return RETRY_LATER;
      }
    }
    return FAILED;
  }
}
