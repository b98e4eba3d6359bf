package io.sluice.api.row;

/** A value does not fit its column; {@link RowBatchBuilder} adds the row to the message. */
final class ValueMismatch extends RuntimeException {

  ValueMismatch(String message) {
    super(message, null, false, false);
  }

  static ValueMismatch of(String path, String expected, Object actual) {
    return new ValueMismatch(
        "column '"
            + path
            + "': expected "
            + expected
            + " but got "
            + (actual == null ? "null" : actual.getClass().getName() + " " + Values.brief(actual)));
  }
}
