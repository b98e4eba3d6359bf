package io.sluice.api;

/**
 * A job failed. The message names the thing at fault (file, column, row range, operator or
 * option); the cause, when any, is the underlying error.
 */
public class SluiceException extends RuntimeException {

  public SluiceException(String message) {
    super(message);
  }

  public SluiceException(String message, Throwable cause) {
    super(message, cause);
  }
}
