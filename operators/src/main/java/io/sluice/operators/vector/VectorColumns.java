package io.sluice.operators.vector;

import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.complex.BaseRepeatedValueVector;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;

/**
 * Arrow layouts for embeddings, decided once for the whole project:
 *
 * <ul>
 *   <li>a vector per row: {@code fixed_size_list<float32>[dim]} (nullable row, non-null items);
 *   <li>per-token vectors: {@code list<fixed_size_list<float32>[dim]>}, one entry per token, in the
 *       same order and count as the row's {@code attention_mask} list.
 * </ul>
 *
 * Readers here view Arrow's data buffer as a little-endian {@link FloatBuffer}, without copying.
 */
public final class VectorColumns {

  /**
   * Arrow Java names list children {@code $data$} itself; declaring the same keeps declared ==
   * actual.
   */
  private static final String CHILD = BaseRepeatedValueVector.DATA_VECTOR_NAME;

  private static final ArrowType FLOAT32 =
      new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE);

  private VectorColumns() {}

  /** {@code fixed_size_list<float32>[dim]} named {@code name}. */
  public static Field vectorField(String name, int dim) {
    Field item = new Field(CHILD, FieldType.notNullable(FLOAT32), null);
    return new Field(name, FieldType.nullable(new ArrowType.FixedSizeList(dim)), List.of(item));
  }

  /** {@code list<fixed_size_list<float32>[dim]>} named {@code name}. */
  public static Field tokenVectorsField(String name, int dim) {
    Field vec = vectorField(CHILD, dim);
    Field notNullVec = new Field(CHILD, FieldType.notNullable(vec.getType()), vec.getChildren());
    return new Field(name, FieldType.nullable(ArrowType.List.INSTANCE), List.of(notNullVec));
  }

  /** The dimension if {@code field} is a {@code fixed_size_list<float32>}, else -1. */
  public static int vectorDim(Field field) {
    if (field.getType() instanceof ArrowType.FixedSizeList f
        && field.getChildren().size() == 1
        && FLOAT32.equals(field.getChildren().get(0).getType())) {
      return f.getListSize();
    }
    return -1;
  }

  /**
   * A new vector column of {@code rows} rows from {@code values} (row-major, {@code rows * dim});
   * rows where {@code nulls[row]} is true are null (their values are written but ignored).
   */
  public static FixedSizeListVector writeVectors(
      String name, int dim, float[] values, int rows, boolean[] nulls, BufferAllocator allocator) {
    FixedSizeListVector out = (FixedSizeListVector) vectorField(name, dim).createVector(allocator);
    try {
      out.setInitialCapacity(rows);
      out.allocateNew();
      Float4Vector data = (Float4Vector) out.getDataVector();
      int n = rows * dim;
      data.allocateNew(Math.max(n, 1));
      ArrowBuf buf = data.getDataBuffer();
      buf.nioBuffer(0, n * Float.BYTES)
          .order(ByteOrder.LITTLE_ENDIAN)
          .asFloatBuffer()
          .put(values, 0, n);
      for (int i = 0; i < n; i++) {
        data.setIndexDefined(i);
      }
      data.setValueCount(n);
      for (int r = 0; r < rows; r++) {
        if (nulls != null && nulls[r]) {
          out.setNull(r);
        } else {
          out.setNotNull(r);
        }
      }
      out.setValueCount(rows);
      return out;
    } catch (RuntimeException e) {
      out.close();
      throw e;
    }
  }

  /** A zero-copy little-endian view of a float vector's values (element 0 at index 0). */
  public static FloatBuffer floats(FieldVector floatData) {
    if (!(floatData instanceof Float4Vector f)) {
      throw new IllegalArgumentException(
          "column '"
              + floatData.getName()
              + "' must hold float32 values, not "
              + floatData.getField().getType());
    }
    ArrowBuf buf = f.getDataBuffer();
    long bytes = (long) f.getValueCount() * Float.BYTES;
    return buf.nioBuffer(0, (int) bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
  }

  /**
   * Row {@code row} of a vector column as a new array (tests and small tools; not the hot path).
   */
  public static float[] vectorAt(FixedSizeListVector column, int row) {
    if (column.isNull(row)) {
      return null;
    }
    int dim = column.getListSize();
    FloatBuffer values = floats(column.getDataVector());
    float[] out = new float[dim];
    for (int d = 0; d < dim; d++) {
      out[d] = values.get(row * dim + d);
    }
    return out;
  }
}
