package io.sluice.api.row;

/**
 * Writes Java values into one Arrow vector, at increasing indexes. Built once per vector by {@link
 * ValueWriters}; a value of the wrong Java type fails with a {@link ValueMismatch} naming the
 * column path and both types.
 */
interface ValueWriter {

  /** Writes {@code value}, which may be null (a not-nullable field then fails). */
  void write(int index, Object value);
}
