package io.sluice.operators.vector;

import io.sluice.api.arrow.Batches;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * Builds an operator's output batch as "the input columns, plus or replacing some new ones". Input
 * columns are shared with the caller's batch (Arrow buffer slicing, no copy) and accounted to the
 * output allocator, which is what {@link io.sluice.api.udf.BatchUdf#apply}'s ownership rules ask.
 */
public final class ColumnAppender {

  private ColumnAppender() {}

  /**
   * The input's columns followed by {@code added}, with the input's row count. Takes ownership of
   * {@code added}: they end up in the result, or are closed if this fails.
   */
  public static VectorSchemaRoot append(
      VectorSchemaRoot input, List<? extends FieldVector> added, BufferAllocator allocator) {
    return replaceOrAppend(input, added, allocator);
  }

  /**
   * The input's columns, where a column named like one of {@code columns} is replaced by it in
   * place and the others are appended. Ownership of {@code columns} as in {@link #append}.
   */
  public static VectorSchemaRoot replaceOrAppend(
      VectorSchemaRoot input, List<? extends FieldVector> columns, BufferAllocator allocator) {
    List<FieldVector> pending = new ArrayList<>(columns);
    List<FieldVector> out = new ArrayList<>();
    VectorSchemaRoot shared = null;
    try {
      shared = Batches.slice(input, 0, input.getRowCount(), allocator);
      for (FieldVector v : shared.getFieldVectors()) {
        FieldVector replacement = take(pending, v.getName());
        if (replacement != null) {
          v.close();
          out.add(replacement);
        } else {
          out.add(v);
        }
      }
      out.addAll(pending);
      pending.clear();
      List<Field> fields = new ArrayList<>(out.size());
      for (FieldVector v : out) {
        fields.add(v.getField());
      }
      return new VectorSchemaRoot(fields, out, input.getRowCount());
    } catch (RuntimeException e) {
      out.forEach(FieldVector::close);
      pending.forEach(FieldVector::close);
      if (shared != null) {
        shared.close();
      }
      throw e;
    }
  }

  private static FieldVector take(List<FieldVector> pending, String name) {
    for (int i = 0; i < pending.size(); i++) {
      if (pending.get(i).getName().equals(name)) {
        return pending.remove(i);
      }
    }
    return null;
  }
}
