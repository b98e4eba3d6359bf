package io.sluice.api.row;

import io.sluice.api.Row;
import io.sluice.api.SimpleRow;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Arrow batches to {@link Row}s, with the Java types documented on {@link Row}: a fixed-size list
 * of float32 becomes {@code float[]}, other lists become unmodifiable {@code List}s, structs become
 * {@code Row}s. Rows are copies: they stay valid after the batch is closed. All rows of one call
 * share one names array, so a row costs its values array.
 */
public final class RowConverter {

  private RowConverter() {}

  /** Every row of the batch, as Java values (see {@link Row} for the types). */
  public static List<Row> toRows(VectorSchemaRoot batch) {
    return toRows(batch, 0, batch.getRowCount());
  }

  /** Rows {@code [from, from + length)} of the batch. */
  public static List<Row> toRows(VectorSchemaRoot batch, int from, int length) {
    if (from < 0 || length < 0 || from + length > batch.getRowCount()) {
      throw new IndexOutOfBoundsException(
          "rows ["
              + from
              + ", "
              + (from + length)
              + ") of a batch with "
              + batch.getRowCount()
              + " rows");
    }
    Reader reader = new Reader(batch);
    List<Row> rows = new ArrayList<>(length);
    for (int i = from; i < from + length; i++) {
      rows.add(reader.row(i));
    }
    return rows;
  }

  /** Row {@code index} of the batch. For many rows, {@link #reader} is faster. */
  public static Row toRow(VectorSchemaRoot batch, int index) {
    if (index < 0 || index >= batch.getRowCount()) {
      throw new IndexOutOfBoundsException(
          "row " + index + " of a batch with " + batch.getRowCount() + " rows");
    }
    return new Reader(batch).row(index);
  }

  /**
   * A reader of the batch's rows, with its per-column readers built once; valid while the batch is.
   */
  public static Reader reader(VectorSchemaRoot batch) {
    return new Reader(batch);
  }

  /** Reads rows of one batch by index; see {@link #reader}. */
  public static final class Reader {
    private final String[] names;
    private final ValueReader[] columns;

    private Reader(VectorSchemaRoot batch) {
      List<FieldVector> vectors = batch.getFieldVectors();
      names = new String[vectors.size()];
      columns = new ValueReader[names.length];
      for (int c = 0; c < names.length; c++) {
        names[c] = vectors.get(c).getName();
        columns[c] = ValueReaders.of(vectors.get(c));
      }
      new SimpleRow(
          names, new Object[names.length]); // fails once, naming them, on duplicate columns
    }

    /** Row {@code index} as a new {@link Row}. */
    public Row row(int index) {
      Object[] values = new Object[names.length];
      for (int c = 0; c < values.length; c++) {
        values[c] = columns[c].read(index);
      }
      return SimpleRow.shared(names, values);
    }
  }
}
