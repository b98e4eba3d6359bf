package io.sluice.executor.store;

import io.sluice.api.SluiceException;

/** Spilling failed: the spill directory is full (or over its quota) or unwritable. */
public final class SpillException extends SluiceException {

  public SpillException(String message, Throwable cause) {
    super(message, cause);
  }

  public SpillException(String message) {
    super(message);
  }
}
