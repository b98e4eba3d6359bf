package io.sluice.api;

/**
 * The plan is invalid before anything runs: a missing column, a schema or model mismatch, a bad
 * option.
 */
public class PlanException extends SluiceException {

  public PlanException(String message) {
    super(message);
  }

  public PlanException(String message, Throwable cause) {
    super(message, cause);
  }
}
