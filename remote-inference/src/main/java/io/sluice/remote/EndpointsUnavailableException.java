package io.sluice.remote;

import io.sluice.api.SluiceException;

/**
 * A request ran out of its retry budget: every endpoint kept failing (down, timing out, 5xx, rate
 * limiting). The message names each endpoint with its state and last error.
 */
public final class EndpointsUnavailableException extends SluiceException {

  public EndpointsUnavailableException(String message) {
    super(message);
  }
}
