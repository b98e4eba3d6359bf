package io.sluice.executor.op;

import io.sluice.api.PlanException;
import java.nio.ByteBuffer;
import java.util.Comparator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.util.Text;

/** Sort keys of one column as comparable Java values, nulls last in either direction. */
final class SortKeys {

  private final String column;
  private final Comparator<Comparable<Object>> order;

  @SuppressWarnings("unchecked")
  SortKeys(String column, boolean ascending) {
    this.column = column;
    Comparator<Comparable<Object>> natural = Comparator.naturalOrder();
    this.order = Comparator.nullsLast(ascending ? natural : natural.reversed());
  }

  Comparator<Comparable<Object>> order() {
    return order;
  }

  FieldVector vector(VectorSchemaRoot batch) {
    FieldVector v = batch.getVector(column);
    if (v == null) {
      throw new PlanException("sort: no column '" + column + "' in " + batch.getSchema().getFields().stream()
          .map(f -> f.getName()).toList());
    }
    return v;
  }

  /** The key of row {@code i}, or null. */
  @SuppressWarnings("unchecked")
  Comparable<Object> key(FieldVector v, int i) {
    Object o = v.getObject(i);
    if (o == null) {
      return null;
    }
    if (o instanceof Text t) {
      o = t.toString();
    } else if (o instanceof byte[] b) {
      o = ByteBuffer.wrap(b);
    }
    if (!(o instanceof Comparable<?>)) {
      throw new PlanException("sort: column '" + column + "' has type " + v.getField().getType()
          + ", whose values cannot be ordered");
    }
    return (Comparable<Object>) o;
  }

  /** Every key of the batch. */
  Comparable<Object>[] keys(VectorSchemaRoot batch) {
    FieldVector v = vector(batch);
    @SuppressWarnings("unchecked")
    Comparable<Object>[] out = new Comparable[batch.getRowCount()];
    for (int i = 0; i < out.length; i++) {
      out[i] = key(v, i);
    }
    return out;
  }
}
