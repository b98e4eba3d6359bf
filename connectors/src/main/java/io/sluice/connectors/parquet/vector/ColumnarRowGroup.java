package io.sluice.connectors.parquet.vector;

import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * The column decoders of one row group, writing into the vectors of one batch: each step decodes
 * the same rows of every column, one column at a time.
 *
 * <p>Call order: {@link #allocate} (a fresh batch) or {@link #bind} (a batch that already holds
 * rows of an earlier row group), then {@link #read} consecutive row ranges; before the batch's row
 * count is set, {@link #finish}. Single-threaded.
 */
public final class ColumnarRowGroup {

  private final ColumnDecoder[] decoders;
  private final String[] names;
  private final double[] density;

  ColumnarRowGroup(ColumnDecoder[] decoders, String[] names, double[] density) {
    this.decoders = decoders;
    this.names = names;
    this.density = density;
  }

  /**
   * Allocates {@code batch}'s vectors for about {@code rows} rows (var-width data sized from the
   * chunks' average value size) and binds the decoders to them, so most batches never reallocate.
   */
  public void allocate(VectorSchemaRoot batch, int rows) {
    for (int i = 0; i < decoders.length; i++) {
      FieldVector v = batch.getVector(names[i]);
      if (v instanceof BaseVariableWidthVector w) {
        w.setInitialCapacity(rows, density[i]);
      } else {
        v.setInitialCapacity(rows);
      }
    }
    batch.allocateNew();
    bind(batch);
  }

  /** Points the decoders at {@code batch}'s vectors. */
  public void bind(VectorSchemaRoot batch) {
    for (int i = 0; i < decoders.length; i++) {
      FieldVector v = batch.getVector(names[i]);
      if (v == null) {
        throw new IllegalArgumentException("batch has no vector " + names[i]);
      }
      decoders[i].bind(v);
    }
  }

  /**
   * Decodes rows {@code [at, at + n)} of the batch, every column; returns their Arrow bytes
   * estimate.
   */
  public long read(int at, int n) {
    long bytes = 0;
    for (ColumnDecoder d : decoders) {
      d.ensureCapacity(at + n);
      bytes += d.read(at, n);
    }
    return bytes;
  }

  /**
   * Marks {@code rows} values written in var-width vectors ({@code lastSet}), which the decoders
   * fill without Arrow's setters; {@code setRowCount} would otherwise blank them.
   */
  public static void finish(VectorSchemaRoot batch, int rows) {
    for (FieldVector v : batch.getFieldVectors()) {
      if (v instanceof BaseVariableWidthVector w) {
        w.setLastSet(rows - 1);
      }
    }
  }
}
