package io.sluice.api;

import java.util.Optional;

/**
 * A job failed. The message names the thing at fault (file, column, row range, operator or option);
 * the cause, when any, is the underlying error.
 */
public class SluiceException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /**
   * Set once, by the backend that ran the failed job; exceptions are not shared across threads
   * before.
   */
  private transient volatile JobStats jobStats;

  public SluiceException(String message) {
    super(message);
  }

  public SluiceException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * The figures of the job that failed with this exception, up to the failure; empty when it did
   * not come from a running job (a plan error) or its backend does not measure.
   */
  public Optional<JobStats> jobStats() {
    return Optional.ofNullable(jobStats);
  }

  /**
   * For backends: attaches a failed job's figures to {@code failure} when it is a {@code
   * SluiceException} without figures yet (an exception from a nested job keeps its own).
   */
  public static void attachJobStats(Throwable failure, JobStats stats) {
    if (failure instanceof SluiceException se && se.jobStats == null && stats != null) {
      se.jobStats = stats;
    }
  }

  /**
   * The figures {@link #attachJobStats} attached to {@code failure}, if it is a {@code
   * SluiceException}.
   */
  public static Optional<JobStats> jobStatsOf(Throwable failure) {
    return failure instanceof SluiceException se ? se.jobStats() : Optional.empty();
  }
}
