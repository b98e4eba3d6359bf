package io.sluice.operators.core;

import io.sluice.api.OperatorException;
import java.util.Arrays;

/**
 * Wraps failures of user code in {@link OperatorException}s naming the stage, keeping the cause.
 */
final class StageErrors {

  private static final int MAX_ROW_CHARS = 300;

  private StageErrors() {}

  /**
   * {@code e} as an OperatorException for {@code stage}; one that already is one passes unchanged.
   */
  static OperatorException wrap(String stage, String what, Throwable e) {
    if (e instanceof OperatorException oe) {
      return oe;
    }
    return new OperatorException(stage, what + ": " + e, e);
  }

  /** A row (or any value) for a message, truncated so a huge row does not flood the log. */
  static String brief(Object value) {
    String s = value instanceof float[] f ? Arrays.toString(f) : String.valueOf(value);
    return s.length() <= MAX_ROW_CHARS
        ? s
        : s.substring(0, MAX_ROW_CHARS) + "...(" + s.length() + " chars)";
  }

  /** Rethrows errors that must not be wrapped (VM errors); returns otherwise. */
  static void rethrowFatal(Throwable e) {
    if (e instanceof VirtualMachineError v) {
      throw v;
    }
  }
}
