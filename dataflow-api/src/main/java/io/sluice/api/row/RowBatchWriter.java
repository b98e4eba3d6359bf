package io.sluice.api.row;

import io.sluice.api.DeterministicException;
import io.sluice.api.Row;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Writes {@link Row}s one at a time straight into a new Arrow batch of a given schema, so no row
 * object outlives its {@link #add} (a row costs several times its Arrow bytes on the heap). Vectors
 * grow as rows arrive. Matching and accepted types are {@link RowBatchBuilder}'s.
 *
 * <p>Call order: {@link #add} any number of times, then {@link #finish} once, which hands the batch
 * to the caller; {@link #close} always (it releases the batch unless it was handed over). A failed
 * {@link #add} leaves the rows before it in place. Not thread-safe.
 */
public final class RowBatchWriter implements AutoCloseable {

  private final Schema schema;
  private VectorSchemaRoot root;
  private final String[] names;
  private final ValueWriter[] writers;
  private int rows;

  /**
   * Allocates the batch from {@code allocator} with room for {@code expectedRows} (it grows past
   * that).
   *
   * @throws DeterministicException when a column's type has no writer
   */
  public RowBatchWriter(Schema schema, BufferAllocator allocator, int expectedRows) {
    this.schema = schema;
    this.root = VectorSchemaRoot.create(schema, allocator);
    List<FieldVector> vectors = root.getFieldVectors();
    this.names = new String[vectors.size()];
    this.writers = new ValueWriter[names.length];
    try {
      for (int c = 0; c < names.length; c++) {
        FieldVector v = vectors.get(c);
        v.setInitialCapacity(Math.max(1, expectedRows));
        v.allocateNew();
        names[c] = v.getName();
        writers[c] = ValueWriters.of(v, names[c]);
      }
    } catch (ValueMismatch e) {
      root.close();
      throw new DeterministicException(e.getMessage());
    } catch (RuntimeException | Error e) {
      root.close();
      throw e;
    }
  }

  /**
   * Writes {@code row} as the next row of the batch.
   *
   * @throws DeterministicException naming the row (index and contents), the column and both types
   */
  public void add(Row row) {
    try {
      RowWriting.writeRow(row, names, writers, rows, "");
    } catch (ValueMismatch
        | ClassCastException
        | IllegalArgumentException
        | ArithmeticException e) {
      throw new DeterministicException(
          "row "
              + rows
              + " "
              + Values.brief(row)
              + " does not fit schema "
              + fieldList(schema)
              + ": "
              + e.getMessage(),
          e instanceof ValueMismatch ? null : e);
    }
    rows++;
  }

  /** Rows written so far. */
  public int rowCount() {
    return rows;
  }

  /** Hands over the batch of the rows added so far; the writer holds nothing afterwards. */
  public VectorSchemaRoot finish() {
    if (root == null) {
      throw new IllegalStateException("finish() was called already");
    }
    VectorSchemaRoot done = root;
    root = null;
    done.setRowCount(rows);
    return done;
  }

  @Override
  public void close() {
    if (root != null) {
      root.close();
      root = null;
    }
  }

  private static String fieldList(Schema schema) {
    StringBuilder sb = new StringBuilder("[");
    for (Field f : schema.getFields()) {
      sb.append(sb.length() > 1 ? ", " : "").append(f.getName()).append(' ').append(f.getType());
    }
    return sb.append(']').toString();
  }
}
