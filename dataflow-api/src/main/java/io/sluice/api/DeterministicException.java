package io.sluice.api;

/**
 * A failure that a retry would only repeat: the data itself is at fault (a value that does not fit
 * its column, a row a server rejects). Executors never retry it; under {@link
 * ErrorPolicy.OnError#SKIP} the rows that cause it are still isolated into the dead letters. Plan
 * errors are {@link PlanException}s instead, which fail the job at once.
 */
public class DeterministicException extends SluiceException {

  public DeterministicException(String message) {
    super(message);
  }

  public DeterministicException(String message, Throwable cause) {
    super(message, cause);
  }
}
