package io.sluice.connectors.parquet.convert;

import org.apache.arrow.vector.FieldVector;
import org.apache.parquet.io.api.RecordConsumer;

/**
 * Writes the values of one Arrow vector to a parquet-mr {@link RecordConsumer}.
 *
 * <p>Call-order rules: {@link #bind} to each batch's vector, then {@link #writeField} or {@link
 * #writeValue} per row. Single-threaded.
 */
abstract class FieldWriter {

  final String name;
  final int index;
  FieldVector vector;

  FieldWriter(String name, int index) {
    this.name = name;
    this.index = index;
  }

  void bind(FieldVector v) {
    this.vector = v;
  }

  /** Writes the field of row {@code i}; a null writes nothing, as Parquet expects. */
  final void writeField(RecordConsumer rc, int i) {
    if (!vector.isNull(i)) {
      rc.startField(name, index);
      writeValue(rc, i);
      rc.endField(name, index);
    }
  }

  /** Writes the non-null value at {@code i} (no field start/end). */
  abstract void writeValue(RecordConsumer rc, int i);
}
