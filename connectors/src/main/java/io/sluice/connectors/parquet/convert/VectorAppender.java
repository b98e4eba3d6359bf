package io.sluice.connectors.parquet.convert;

import org.apache.arrow.vector.FieldVector;
import org.apache.parquet.io.api.Converter;

/**
 * A parquet-mr converter that appends the values it is given straight into one Arrow vector, with
 * no per-row objects in between.
 *
 * <p>Call-order rules: {@link #bind} before each batch (positions restart at 0); then parquet-mr
 * drives the converter; the parent calls {@link #appendNull()} when a record ends without this
 * field (Parquet sends nothing for nulls). Single-threaded.
 */
interface VectorAppender {

  /** The parquet-mr side of this appender (usually {@code this}). */
  Converter converter();

  /** Starts a new batch writing into {@code vector}. */
  void bind(FieldVector vector);

  /** Values (including nulls) appended since {@link #bind}. */
  int position();

  /** Appends one null. */
  void appendNull();
}
