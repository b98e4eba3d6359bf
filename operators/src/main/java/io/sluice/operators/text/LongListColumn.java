package io.sluice.operators.text;

import java.util.List;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.complex.BaseRepeatedValueVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;

/**
 * Writes a {@code list<int64>} column from per-row {@code long[]} arrays straight into the offset,
 * validity and child data buffers: one sizing pass, one copy pass, no per-row boxing or writer
 * objects.
 */
final class LongListColumn {

  private LongListColumn() {}

  /** The Arrow field for a nullable {@code list<int64>} column named {@code name}. */
  static Field field(String name) {
    // Arrow Java names list children $data$ itself; declaring the same name keeps declared ==
    // actual.
    Field item =
        new Field(
            BaseRepeatedValueVector.DATA_VECTOR_NAME,
            FieldType.notNullable(new ArrowType.Int(64, true)),
            null);
    return new Field(name, FieldType.nullable(ArrowType.List.INSTANCE), List.of(item));
  }

  /**
   * A new vector of {@code rows.length} rows; a null array makes a null row.
   *
   * @param rows per-row values, indexed by row; {@code null} for a null row
   */
  static ListVector write(String name, long[][] rows, BufferAllocator allocator) {
    ListVector list = (ListVector) field(name).createVector(allocator);
    try {
      int total = 0;
      for (long[] r : rows) {
        total += r == null ? 0 : r.length;
      }
      list.setInitialCapacity(rows.length);
      list.allocateNew();
      BigIntVector data = (BigIntVector) list.getDataVector();
      data.allocateNew(Math.max(total, 1));
      ArrowBuf offsets = list.getOffsetBuffer();
      ArrowBuf values = data.getDataBuffer();
      int end = 0;
      offsets.setInt(0, 0);
      for (int i = 0; i < rows.length; i++) {
        long[] r = rows[i];
        if (r != null) {
          for (int j = 0; j < r.length; j++) {
            values.setLong((long) (end + j) * Long.BYTES, r[j]);
          }
          end += r.length;
          list.setNotNull(i);
        } else {
          list.setNull(i);
        }
        offsets.setInt((long) (i + 1) * Integer.BYTES, end);
      }
      // Child values are all valid; set their validity in bulk.
      for (int j = 0; j < total; j++) {
        data.setIndexDefined(j);
      }
      data.setValueCount(total);
      list.setLastSet(rows.length - 1);
      list.setValueCount(rows.length);
      return list;
    } catch (RuntimeException e) {
      list.close();
      throw e;
    }
  }
}
