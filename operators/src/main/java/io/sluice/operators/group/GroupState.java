package io.sluice.operators.group;

import io.sluice.api.Aggregate;
import io.sluice.api.OperatorException;
import io.sluice.operators.sort.SortKeys;
import java.math.BigInteger;
import java.util.Comparator;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.FloatingPointVector;
import org.apache.arrow.vector.UInt1Vector;
import org.apache.arrow.vector.UInt4Vector;
import org.apache.arrow.vector.UInt8Vector;

/**
 * The running aggregates of one group within a partition, SQL's null rules: nulls are skipped, a
 * {@code count} of them is 0, any other aggregate of none is null. Min and max remember the row
 * that holds the value, so the output copies it in its own type.
 */
public final class GroupState {

  private static final Comparator<Object> NATURAL = GroupState::compareNatural;

  /** The group's first row: where its key values are copied from. */
  public final int firstRow;

  private final long[] counts;
  private final long[] longSums;
  private final double[] doubleSums;
  private final int[] rows;
  private final Object[] best;

  public GroupState(int firstRow, int aggregates) {
    this.firstRow = firstRow;
    this.counts = new long[aggregates];
    this.longSums = new long[aggregates];
    this.doubleSums = new double[aggregates];
    this.rows = new int[aggregates];
    this.best = new Object[aggregates];
  }

  /** Adds row {@code row}; {@code inputs[i]} is aggregate i's input column (null for count()). */
  public void add(List<Aggregate> aggregates, FieldVector[] inputs, int row) {
    for (int i = 0; i < inputs.length; i++) {
      Aggregate a = aggregates.get(i);
      FieldVector v = inputs[i];
      if (v == null) {
        counts[i]++; // count(): every row
        continue;
      }
      if (v.isNull(row)) {
        continue;
      }
      counts[i]++;
      switch (a.kind()) {
        case COUNT -> {}
        case SUM, MEAN -> addNumber(a, i, v, row);
        case MIN, MAX -> {
          Object value = SortKeys.comparable(v, row, a.name());
          int c = best[i] == null ? 0 : NATURAL.compare(value, best[i]);
          if (best[i] == null || (a.kind() == Aggregate.Kind.MIN ? c < 0 : c > 0)) {
            best[i] = value;
            rows[i] = row;
          }
        }
      }
    }
  }

  private void addNumber(Aggregate a, int i, FieldVector v, int row) {
    if (v instanceof FloatingPointVector f) {
      doubleSums[i] += f.getValueAsDouble(row);
      return;
    }
    long x = integer(v, row, a);
    doubleSums[i] += x;
    try {
      longSums[i] = Math.addExact(longSums[i], x);
    } catch (ArithmeticException e) {
      if (a.kind() == Aggregate.Kind.SUM) {
        throw new OperatorException("Aggregate", a.name() + " overflows int64", e);
      }
    }
  }

  /** An integer cell as a long, unsigned types read without wrapping. */
  private static long integer(FieldVector v, int row, Aggregate a) {
    if (v instanceof UInt1Vector u) {
      return u.getObjectNoOverflow(row);
    } else if (v instanceof UInt4Vector u) {
      return u.getObjectNoOverflow(row);
    } else if (v instanceof UInt8Vector u) {
      BigInteger b = u.getObjectNoOverflow(row);
      if (b.bitLength() > 63) {
        throw new OperatorException(
            "Aggregate", a.name() + ": value " + b + " does not fit int64", null);
      }
      return b.longValue();
    }
    Object o = v.getObject(row);
    if (o instanceof Character c) {
      return c; // UInt2
    }
    return ((Number) o).longValue();
  }

  public long count(int i) {
    return counts[i];
  }

  public long longSum(int i) {
    return longSums[i];
  }

  public double doubleSum(int i) {
    return doubleSums[i];
  }

  /** The row holding aggregate i's min or max, or -1 when the group had no non-null value. */
  public int bestRow(int i) {
    return best[i] == null ? -1 : rows[i];
  }

  @SuppressWarnings("unchecked")
  private static int compareNatural(Object a, Object b) {
    return ((Comparable<Object>) a).compareTo(b);
  }
}
