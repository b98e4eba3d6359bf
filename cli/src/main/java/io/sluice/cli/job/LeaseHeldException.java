package io.sluice.cli.job;

/** Another live run holds the job's lease; the launcher exits 3 with this message. */
public final class LeaseHeldException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public LeaseHeldException(String message) {
    super(message);
  }
}
