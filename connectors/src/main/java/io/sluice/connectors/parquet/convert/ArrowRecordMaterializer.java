package io.sluice.connectors.parquet.convert;

import java.util.List;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.GroupConverter;
import org.apache.parquet.io.api.RecordMaterializer;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;

/**
 * Decodes Parquet records straight into the vectors of an Arrow batch. parquet-mr's record reader
 * drives the converter tree once per row; no row object is ever built.
 *
 * <p>Call-order rules: {@link #bind} a fresh batch, let the record reader read rows, then {@link
 * #rows()} tells how many were appended; {@link #bind} the next batch. Single-threaded.
 */
public final class ArrowRecordMaterializer extends RecordMaterializer<Object> {

  private static final Object ROW = new Object();

  private final Root root;
  private final BatchBytes bytes = new BatchBytes();

  /**
   * @param requested the Parquet columns to decode (a subset of the file schema, in file order)
   * @param target the Arrow schema of the batches; holds one field of the same name per requested
   *     column
   */
  public ArrowRecordMaterializer(MessageType requested, Schema target) {
    List<Type> types = requested.getFields();
    VectorAppender[] children = new VectorAppender[types.size()];
    String[] names = new String[types.size()];
    for (int i = 0; i < children.length; i++) {
      Type t = types.get(i);
      Field f = ParquetToArrowSchema.find(target.getFields(), t.getName());
      if (f == null) {
        throw new IllegalArgumentException("no Arrow field for Parquet column " + t.getName());
      }
      children[i] = AppenderFactory.create(t, f, t.getName(), bytes);
      names[i] = t.getName();
    }
    this.root = new Root(children, names);
  }

  /** Starts appending into {@code batch} (allocated, zero rows). */
  public void bind(VectorSchemaRoot batch) {
    root.bind(batch);
    bytes.reset();
  }

  /** Rows appended since {@link #bind}. */
  public int rows() {
    return root.rows;
  }

  /** Estimated Arrow bytes appended since {@link #bind}. */
  public long bytes() {
    return bytes.get();
  }

  @Override
  public Object getCurrentRecord() {
    return ROW;
  }

  @Override
  public GroupConverter getRootConverter() {
    return root;
  }

  private static final class Root extends GroupConverter {
    private final VectorAppender[] children;
    private final String[] names;
    int rows;

    Root(VectorAppender[] children, String[] names) {
      this.children = children;
      this.names = names;
    }

    void bind(VectorSchemaRoot batch) {
      rows = 0;
      for (int i = 0; i < children.length; i++) {
        children[i].bind(batch.getVector(names[i]));
      }
    }

    @Override
    public Converter getConverter(int fieldIndex) {
      return children[fieldIndex].converter();
    }

    @Override
    public void start() {}

    @Override
    public void end() {
      for (VectorAppender c : children) {
        if (c.position() == rows) {
          c.appendNull();
        }
      }
      rows++;
    }
  }
}
