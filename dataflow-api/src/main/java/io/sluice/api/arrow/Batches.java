package io.sluice.api.arrow;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.arrow.vector.util.TransferPair;
import org.apache.arrow.vector.util.VectorSchemaRootAppender;

/** Small operations on Arrow batches that every module needs: size, slice, move, concatenate. */
public final class Batches {

  private Batches() {}

  /** Bytes held by the batch's buffers. */
  public static long bytes(VectorSchemaRoot root) {
    long total = 0;
    for (FieldVector v : root.getFieldVectors()) {
      total += v.getBufferSize();
    }
    return total;
  }

  /** An empty batch (zero rows) of {@code schema}. */
  public static VectorSchemaRoot empty(Schema schema, BufferAllocator allocator) {
    VectorSchemaRoot root = VectorSchemaRoot.create(schema, allocator);
    root.allocateNew();
    root.setRowCount(0);
    return root;
  }

  /**
   * Rows {@code [from, from + length)} as a new batch accounted to {@code allocator}. The source is
   * unchanged and still owned by its caller; buffers are shared where Arrow allows (no copy for
   * byte-aligned slices).
   */
  public static VectorSchemaRoot slice(
      VectorSchemaRoot root, int from, int length, BufferAllocator allocator) {
    if (from < 0 || length < 0 || from + length > root.getRowCount()) {
      throw new IndexOutOfBoundsException(
          "slice ["
              + from
              + ", "
              + (from + length)
              + ") of a batch with "
              + root.getRowCount()
              + " rows");
    }
    List<FieldVector> vectors = new ArrayList<>(root.getFieldVectors().size());
    List<Field> fields = new ArrayList<>(vectors.size());
    List<Field> rootFields = root.getSchema().getFields();
    try {
      for (int i = 0; i < rootFields.size(); i++) {
        FieldVector v = root.getVector(i);
        TransferPair tp = v.getTransferPair(allocator);
        if (length == 0) {
          FieldVector empty = (FieldVector) tp.getTo();
          empty.allocateNew();
          empty.setValueCount(0);
        } else {
          tp.splitAndTransfer(from, length);
        }
        vectors.add((FieldVector) tp.getTo());
        // The root's field, not v.getField(): Arrow renames a list's child field to "$data$".
        fields.add(rootFields.get(i));
      }
    } catch (RuntimeException e) {
      vectors.forEach(FieldVector::close);
      throw e;
    }
    return new VectorSchemaRoot(fields, vectors, length);
  }

  /**
   * Moves the batch's buffers to {@code allocator} (transferring their accounting). The source is
   * left empty; close it afterwards.
   */
  public static VectorSchemaRoot transfer(VectorSchemaRoot root, BufferAllocator allocator) {
    List<FieldVector> vectors = new ArrayList<>(root.getFieldVectors().size());
    List<Field> fields = new ArrayList<>(vectors.size());
    List<Field> rootFields = root.getSchema().getFields();
    for (int i = 0; i < rootFields.size(); i++) {
      TransferPair tp = root.getVector(i).getTransferPair(allocator);
      tp.transfer();
      vectors.add((FieldVector) tp.getTo());
      fields.add(rootFields.get(i)); // see slice
    }
    int rows = root.getRowCount();
    root.setRowCount(0);
    return new VectorSchemaRoot(fields, vectors, rows);
  }

  /**
   * A new batch holding the rows of {@code parts} in order (copied). Parts stay owned by the
   * caller.
   */
  public static VectorSchemaRoot concat(List<VectorSchemaRoot> parts, BufferAllocator allocator) {
    if (parts.isEmpty()) {
      throw new IllegalArgumentException("concat of no batches");
    }
    int rows = 0;
    for (VectorSchemaRoot p : parts) {
      rows += p.getRowCount();
    }
    // Sized for the result: allocateNew()'s default capacity (3970 values) is 400 MB for 100 KB
    // rows.
    VectorSchemaRoot out = VectorSchemaRoot.create(parts.get(0).getSchema(), allocator);
    try {
      for (FieldVector v : out.getFieldVectors()) {
        v.setInitialCapacity(Math.max(1, rows));
        v.allocateNew();
      }
      out.setRowCount(0);
      VectorSchemaRootAppender.append(false, out, parts.toArray(new VectorSchemaRoot[0]));
    } catch (RuntimeException e) {
      out.close();
      throw e;
    }
    return out;
  }

  /**
   * The parts as one batch, taking ownership of them: a single part is returned as it is, several
   * are concatenated (copied) and closed. On failure every part is closed.
   */
  public static VectorSchemaRoot merge(List<VectorSchemaRoot> parts, BufferAllocator allocator) {
    if (parts.size() == 1) {
      return parts.get(0);
    }
    try {
      return concat(parts, allocator);
    } finally {
      parts.forEach(VectorSchemaRoot::close);
    }
  }

  /**
   * Whether two schemas have the same fields (names, types, nullability, children), ignoring
   * metadata.
   */
  public static boolean sameFields(Schema a, Schema b) {
    return sameFields(a.getFields(), b.getFields());
  }

  private static boolean sameFields(List<Field> a, List<Field> b) {
    if (a.size() != b.size()) {
      return false;
    }
    for (int i = 0; i < a.size(); i++) {
      Field x = a.get(i);
      Field y = b.get(i);
      // Field.equals also compares field metadata, which writers and readers add freely.
      if (!x.getName().equals(y.getName())
          || x.isNullable() != y.isNullable()
          || !x.getType().equals(y.getType())
          || !Objects.equals(x.getDictionary(), y.getDictionary())
          || !sameFields(x.getChildren(), y.getChildren())) {
        return false;
      }
    }
    return true;
  }
}
