package io.sluice.api.row;

import io.sluice.api.Row;
import io.sluice.api.SluiceException;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Collects {@link Row}s and writes them as one Arrow batch of a given schema, the inverse of {@link
 * RowConverter}. Rows are kept until {@link #build} (no Arrow memory is held in between, so an
 * abandoned builder leaks nothing); {@link #estimatedBytes()} lets callers cut batches near a
 * target size.
 *
 * <p>Columns are matched by name: a column missing from a row is null (an error when the field is
 * not nullable), a column the schema lacks is an error. Accepted Java types are those of {@link
 * Row}, plus lossless widenings (an {@code Integer} into int64, a {@code Float} into float64),
 * {@code Map<String, ?>} for structs, and primitive arrays for lists. Errors name the column, the
 * row and the expected and actual Java types. Not thread-safe.
 */
public final class RowBatchBuilder {

  private final Schema schema;
  private final List<Row> rows = new ArrayList<>();
  private long estimatedBytes;

  public RowBatchBuilder(Schema schema) {
    this.schema = schema;
  }

  /** Builds one batch from {@code rows} in one call. */
  public static VectorSchemaRoot build(
      Schema schema, List<? extends Row> rows, BufferAllocator allocator) {
    RowBatchBuilder b = new RowBatchBuilder(schema);
    rows.forEach(b::add);
    return b.build(allocator);
  }

  public Schema schema() {
    return schema;
  }

  /** Adds a row; it is checked against the schema by {@link #build}. */
  public RowBatchBuilder add(Row row) {
    if (row == null) {
      throw new SluiceException(
          "row " + rows.size() + " is null; rows for a batch must not be null");
    }
    rows.add(row);
    estimatedBytes += RowSizes.estimate(row);
    return this;
  }

  public int rowCount() {
    return rows.size();
  }

  /** Approximate Arrow bytes of the rows added so far (value bytes plus per-value overhead). */
  public long estimatedBytes() {
    return estimatedBytes;
  }

  /**
   * Writes the rows added so far into a new batch allocated from {@code allocator}, then empties
   * the builder for reuse. On failure everything allocated is released and the builder is emptied.
   *
   * @throws SluiceException naming the column, the row (index and contents) and both types
   */
  public VectorSchemaRoot build(BufferAllocator allocator) {
    List<Row> batch = List.copyOf(rows);
    rows.clear();
    estimatedBytes = 0;
    try (RowBatchWriter writer = new RowBatchWriter(schema, allocator, batch.size())) {
      for (Row row : batch) {
        writer.add(row);
      }
      return writer.finish();
    }
  }
}
