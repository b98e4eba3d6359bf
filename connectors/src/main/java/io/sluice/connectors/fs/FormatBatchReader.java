package io.sluice.connectors.fs;

import io.sluice.api.Row;
import io.sluice.api.SimpleRow;
import io.sluice.api.row.RowBatchBuilder;
import io.sluice.api.spi.BatchReader;
import java.io.IOException;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a {@link RowFormat.RowReader}'s rows into Arrow batches of the (projected) schema, flushing
 * near the target size or at {@code maxBatchRows}, stopping after {@code limit} rows.
 */
final class FormatBatchReader implements BatchReader {

  private static final Logger LOG = LoggerFactory.getLogger(FormatBatchReader.class);

  private final RowFormat.RowReader rows;
  private final FileSplit split;
  private final BufferAllocator allocator;
  private final long targetBatchBytes;
  private final int maxBatchRows;
  private final String[] names;
  private final RowBatchBuilder builder;
  private long left;
  private boolean closed;

  FormatBatchReader(
      RowFormat.RowReader rows,
      FileSplit split,
      Schema schema,
      BufferAllocator allocator,
      long targetBatchBytes,
      int maxBatchRows,
      long limit) {
    this.rows = rows;
    this.split = split;
    this.allocator = allocator;
    this.targetBatchBytes = Math.max(1, targetBatchBytes);
    this.maxBatchRows = maxBatchRows;
    this.names = schema.getFields().stream().map(Field::getName).toArray(String[]::new);
    this.builder = new RowBatchBuilder(schema);
    this.left = limit;
  }

  @Override
  public VectorSchemaRoot next() throws IOException {
    if (closed) {
      return null;
    }
    while (left > 0
        && builder.rowCount() < maxBatchRows
        && builder.estimatedBytes() < targetBatchBytes) {
      Row r = rows.next();
      if (r == null) {
        left = 0;
        break;
      }
      builder.add(project(r));
      left--;
    }
    if (builder.rowCount() == 0) {
      return null;
    }
    try {
      return builder.build(allocator);
    } catch (RuntimeException e) {
      throw new IOException(
          "rows of " + split.describe() + " do not fit the schema: " + e.getMessage(), e);
    }
  }

  private Row project(Row r) {
    Object[] values = new Object[names.length];
    for (int i = 0; i < names.length; i++) {
      values[i] = r.get(names[i]);
    }
    return SimpleRow.shared(names, values);
  }

  @Override
  public void close() throws IOException {
    if (!closed) {
      closed = true;
      if (rows.skipped() > 0) {
        LOG.warn(
            "skipped {} malformed records in {} (option malformed=skip)",
            rows.skipped(),
            split.describe());
      }
      rows.close();
    }
  }
}
