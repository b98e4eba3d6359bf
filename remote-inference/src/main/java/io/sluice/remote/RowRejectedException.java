package io.sluice.remote;

import io.sluice.api.DeterministicException;

/**
 * A server refused a request for a reason that retrying will not change (400 bad request, 413/422,
 * context too long): a per-row error. Under {@code ErrorPolicy.skip} the executor isolates the rows
 * and records them in the dead letters with this message, which carries the server's own words.
 */
public final class RowRejectedException extends DeterministicException {

  private final int status;

  public RowRejectedException(String message, int status) {
    super(message);
    this.status = status;
  }

  /** The HTTP status the server answered with. */
  public int status() {
    return status;
  }
}
