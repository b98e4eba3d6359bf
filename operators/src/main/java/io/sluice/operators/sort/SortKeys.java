package io.sluice.operators.sort;

import io.sluice.api.PlanException;
import io.sluice.api.SortKey;
import java.nio.ByteBuffer;
import java.util.Comparator;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.UInt1Vector;
import org.apache.arrow.vector.UInt4Vector;
import org.apache.arrow.vector.UInt8Vector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.util.Text;

/**
 * The sort keys of a row as an array of comparable Java values (one per key, null for a null), and
 * their order: key by key, left to right, each in its direction with nulls last. Shared by the
 * local and the Flink backend's sorts and aggregations.
 */
public final class SortKeys {

  private final List<SortKey> keys;
  private final Comparator<Object[]> order;

  public SortKeys(List<SortKey> keys) {
    this.keys = List.copyOf(keys);
    Comparator<Object[]> o = null;
    for (int i = 0; i < this.keys.size(); i++) {
      Comparator<Object[]> one = component(i, this.keys.get(i).ascending());
      o = o == null ? one : o.thenComparing(one);
    }
    this.order = o;
  }

  @SuppressWarnings("unchecked")
  private static Comparator<Object[]> component(int i, boolean ascending) {
    Comparator<Comparable<Object>> natural = Comparator.naturalOrder();
    Comparator<Comparable<Object>> c =
        Comparator.nullsLast(ascending ? natural : natural.reversed());
    return (a, b) -> c.compare((Comparable<Object>) a[i], (Comparable<Object>) b[i]);
  }

  public Comparator<Object[]> order() {
    return order;
  }

  /** The key columns' vectors in {@code batch}, in key order. */
  public FieldVector[] vectors(VectorSchemaRoot batch) {
    FieldVector[] out = new FieldVector[keys.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = column(batch, keys.get(i).column(), "sort");
    }
    return out;
  }

  /** The key of row {@code row}. */
  public Object[] key(FieldVector[] vectors, int row) {
    Object[] k = new Object[vectors.length];
    for (int i = 0; i < k.length; i++) {
      k[i] = comparable(vectors[i], row, "sort");
    }
    return k;
  }

  /** Every key of the batch. */
  public Object[][] keys(VectorSchemaRoot batch) {
    FieldVector[] v = vectors(batch);
    Object[][] out = new Object[batch.getRowCount()][];
    for (int r = 0; r < out.length; r++) {
      out[r] = key(v, r);
    }
    return out;
  }

  /** Column {@code column} of {@code batch}, or a plan error naming {@code what} needed it. */
  public static FieldVector column(VectorSchemaRoot batch, String column, String what) {
    FieldVector v = batch.getVector(column);
    if (v == null) {
      throw new PlanException(
          what
              + ": no column '"
              + column
              + "' in "
              + batch.getSchema().getFields().stream().map(f -> f.getName()).toList());
    }
    return v;
  }

  /**
   * Row {@code i} of {@code v} as a comparable value with value equality (strings for text, byte
   * buffers for binary, unsigned integers widened so they order as unsigned), or null.
   *
   * @throws PlanException when the column's type has no order
   */
  public static Object comparable(FieldVector v, int i, String what) {
    if (v.isNull(i)) {
      return null;
    }
    // Arrow's getObject reads UInt1/4/8 as signed Byte/Integer/Long: 200 would sort below 1.
    Object o =
        v instanceof UInt1Vector u
            ? u.getObjectNoOverflow(i)
            : v instanceof UInt4Vector u
                ? u.getObjectNoOverflow(i)
                : v instanceof UInt8Vector u ? u.getObjectNoOverflow(i) : v.getObject(i);
    if (o == null) {
      return null;
    }
    if (o instanceof Text t) {
      o = t.toString();
    } else if (o instanceof byte[] b) {
      o = ByteBuffer.wrap(b);
    }
    if (!(o instanceof Comparable<?>)) {
      throw new PlanException(
          what
              + ": column '"
              + v.getName()
              + "' has type "
              + v.getField().getType()
              + ", whose values cannot be ordered");
    }
    return o;
  }
}
