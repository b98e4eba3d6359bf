package io.sluice.operators.core;

import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.util.TransferPair;

/**
 * A new batch whose columns share (not copy) the buffers of some input columns, possibly under new
 * names. The input is left intact and still owned by the caller: buffers are reference-counted and
 * their accounting moves to {@code allocator}, so either side may be closed first.
 */
final class ColumnSharing {

  private ColumnSharing() {}

  /** Columns {@code indexes} of {@code input}, as {@code fields} (same types, maybe renamed). */
  static VectorSchemaRoot share(
      VectorSchemaRoot input, int[] indexes, List<Field> fields, BufferAllocator allocator) {
    int rows = input.getRowCount();
    List<FieldVector> out = new ArrayList<>(indexes.length);
    try {
      for (int k = 0; k < indexes.length; k++) {
        FieldVector from = input.getVector(indexes[k]);
        TransferPair tp = from.getTransferPair(fields.get(k), allocator);
        FieldVector to = (FieldVector) tp.getTo();
        out.add(to);
        if (rows == 0) {
          to.allocateNew();
          to.setValueCount(0);
        } else {
          tp.splitAndTransfer(0, rows); // at offset 0 this slices the buffers: no copy
        }
      }
    } catch (RuntimeException e) {
      out.forEach(FieldVector::close);
      throw e;
    }
    // The given fields, not the vectors': Arrow renames a list's child field to "$data$".
    return new VectorSchemaRoot(List.copyOf(fields), out, rows);
  }
}
