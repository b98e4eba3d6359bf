package io.sluice.connectors.parquet;

import io.sluice.api.arrow.SerializableSchema;
import io.sluice.api.spi.BatchReader;
import io.sluice.api.spi.ReadTask;
import io.sluice.connectors.fs.FsConfig;
import java.io.IOException;
import java.util.List;
import java.util.OptionalLong;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Reads a run of consecutive row groups of one file (usually one row group), decoding only {@code
 * columns} and stopping after {@code rowLimit} rows. Immutable and serializable; the metrics sink
 * is local to this JVM and not shipped.
 */
final class ParquetReadTask implements ReadTask {

  private static final long serialVersionUID = 1L;

  private final String path;
  private final long fileLength;
  private final int firstRowGroup;
  private final int rowGroupCount;
  private final long rows;
  private final long rowLimit;
  private final long estimatedBytes;
  private final List<String> columns;
  private final SerializableSchema schema;
  private final FsConfig config;
  private final ParquetSourceOptions options;
  private final transient ParquetReadMetrics metrics;

  ParquetReadTask(
      String path,
      long fileLength,
      int firstRowGroup,
      int rowGroupCount,
      long rows,
      long rowLimit,
      long estimatedBytes,
      List<String> columns,
      Schema schema,
      FsConfig config,
      ParquetSourceOptions options,
      ParquetReadMetrics metrics) {
    this.path = path;
    this.fileLength = fileLength;
    this.firstRowGroup = firstRowGroup;
    this.rowGroupCount = rowGroupCount;
    this.rows = rows;
    this.rowLimit = rowLimit;
    this.estimatedBytes = estimatedBytes;
    this.columns = List.copyOf(columns);
    this.schema = SerializableSchema.of(schema);
    this.config = config;
    this.options = options;
    this.metrics = metrics;
  }

  String path() {
    return path;
  }

  int firstRowGroup() {
    return firstRowGroup;
  }

  int rowGroupCount() {
    return rowGroupCount;
  }

  @Override
  public String describe() {
    String groups =
        rowGroupCount == 1
            ? "row group " + firstRowGroup
            : "row groups [" + firstRowGroup + ", " + (firstRowGroup + rowGroupCount) + ")";
    return path + " " + groups + (rowLimit < rows ? " (first " + rowLimit + " rows)" : "");
  }

  @Override
  public OptionalLong estimatedRows() {
    return OptionalLong.of(Math.min(rows, rowLimit));
  }

  @Override
  public OptionalLong estimatedBytes() {
    return OptionalLong.of(rows == 0 ? 0 : estimatedBytes * Math.min(rows, rowLimit) / rows);
  }

  @Override
  public BatchReader open(BufferAllocator allocator, long targetBatchBytes) throws IOException {
    Schema schema = this.schema.get();
    return new ParquetBatchReader(
        path,
        fileLength,
        firstRowGroup,
        rowGroupCount,
        rowLimit,
        columns,
        schema,
        config,
        allocator,
        targetBatchBytes,
        options,
        metrics == null ? new ParquetReadMetrics() : metrics);
  }

  @Override
  public String toString() {
    return "ParquetReadTask[" + describe() + "]";
  }
}
