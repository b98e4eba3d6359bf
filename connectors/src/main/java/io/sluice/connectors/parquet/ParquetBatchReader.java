package io.sluice.connectors.parquet;

import io.sluice.api.spi.BatchReader;
import io.sluice.connectors.fs.FileSystems;
import io.sluice.connectors.fs.FsConfig;
import io.sluice.connectors.parquet.convert.ArrowRecordMaterializer;
import io.sluice.connectors.parquet.io.CountingInputFile;
import io.sluice.connectors.parquet.io.HeapCodecs;
import io.sluice.connectors.parquet.vector.ChunkSizer;
import io.sluice.connectors.parquet.vector.ColumnarReads;
import io.sluice.connectors.parquet.vector.ColumnarRowGroup;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.column.page.PageReadStore;
import org.apache.parquet.conf.HadoopParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.util.HadoopCodecs;
import org.apache.parquet.io.ColumnIOFactory;
import org.apache.parquet.io.MessageColumnIO;
import org.apache.parquet.io.RecordReader;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Type;

/**
 * Reads the row groups of one task into Arrow batches. Only the requested columns' chunks are
 * fetched (parquet-mr's requested schema); a batch is flushed once its estimated size passes the
 * target or it holds {@code maxBatchRows} rows, and batches may span row-group boundaries. Errors
 * name the file, the row group and the file rows being decoded.
 *
 * <p>Two decode paths, chosen per row group: column at a time straight into the Arrow vectors
 * ({@link ColumnarReads}: flat primitive columns, PLAIN and dictionary encodings), else
 * parquet-mr's record assembly into {@link ArrowRecordMaterializer}. A batch is decoded by one path
 * only: it ends early where the next row group needs the other one.
 */
final class ParquetBatchReader implements BatchReader {

  private final String path;
  private final int firstRowGroup;
  private final int endRowGroup;
  private final Schema schema;
  private final BufferAllocator allocator;
  private final long targetBatchBytes;
  private final int maxBatchRows;
  private final ParquetReadMetrics metrics;
  private final ParquetFileReader reader;
  private final MessageType requested;
  private final MessageColumnIO columnIO;
  private final ArrowRecordMaterializer materializer;
  private final ColumnarReads columnar;
  private final ChunkSizer sizer;
  private final List<Long> firstRows = new ArrayList<>();

  private int nextRowGroup;
  private int currentRowGroup = -1;
  private RecordReader<Object> records;
  private ColumnarRowGroup columns;
  private long rowsLeftInGroup;
  private long rowsLeft;
  private boolean closed;

  ParquetBatchReader(
      String path,
      long fileLength,
      int firstRowGroup,
      int rowGroupCount,
      long rowLimit,
      List<String> columns,
      Schema schema,
      FsConfig config,
      BufferAllocator allocator,
      long targetBatchBytes,
      ParquetSourceOptions options,
      ParquetReadMetrics metrics)
      throws IOException {
    this.path = path;
    this.firstRowGroup = firstRowGroup;
    this.endRowGroup = firstRowGroup + rowGroupCount;
    this.nextRowGroup = firstRowGroup;
    this.schema = schema;
    this.allocator = allocator;
    this.targetBatchBytes = Math.max(1, targetBatchBytes);
    this.maxBatchRows = options.maxBatchRows();
    this.metrics = metrics;
    this.rowsLeft = rowLimit;
    this.sizer = new ChunkSizer(this.targetBatchBytes);
    Path hpath = new Path(path);
    CountingInputFile in =
        new CountingInputFile(
            FileSystems.get(hpath, config), hpath, fileLength, metrics::bytesRead);
    try {
      // An empty Hadoop configuration: ParquetReadOptions.builder() makes a default one, which
      // parses
      // Hadoop's XML resources again for every reader (~2 ms), for parquet.* read keys never set
      // there.
      HadoopParquetConfiguration conf = new HadoopParquetConfiguration(new Configuration(false));
      this.reader =
          ParquetFileReader.open(
              in,
              ParquetReadOptions.builder(conf)
                  .withCodecFactory(new HeapCodecs(HadoopCodecs.newFactory(conf, 0)))
                  .build());
    } catch (IOException | RuntimeException e) {
      throw new IOException("cannot open Parquet file " + path + ": " + e.getMessage(), e);
    }
    metrics.fileOpened();
    try {
      List<BlockMetaData> blocks = reader.getRowGroups();
      if (blocks.size() < endRowGroup) {
        throw new IOException(
            "Parquet file "
                + path
                + " has "
                + blocks.size()
                + " row groups, planning saw at least "
                + endRowGroup
                + "; was it replaced while the job ran?");
      }
      long row = 0;
      for (BlockMetaData b : blocks) {
        firstRows.add(row);
        row += b.getRowCount();
      }
      MessageType fileSchema = reader.getFooter().getFileMetaData().getSchema();
      this.requested = project(fileSchema, columns);
      reader.setRequestedSchema(requested);
      this.columnIO =
          new ColumnIOFactory(reader.getFooter().getFileMetaData().getCreatedBy())
              .getColumnIO(requested, fileSchema);
      this.materializer = new ArrowRecordMaterializer(requested, schema);
      this.columnar = options.vectorized() ? ColumnarReads.plan(requested, schema) : null;
    } catch (IOException | RuntimeException e) {
      reader.close();
      throw e;
    }
  }

  /** The file's columns named in {@code columns}, kept in file order (parquet-mr's requirement). */
  private MessageType project(MessageType fileSchema, List<String> columns) throws IOException {
    Set<String> wanted = new HashSet<>(columns);
    List<Type> fields = new ArrayList<>();
    for (Type t : fileSchema.getFields()) {
      if (wanted.remove(t.getName())) {
        fields.add(t);
      }
    }
    if (!wanted.isEmpty()) {
      throw new IOException(
          "Parquet file "
              + path
              + " lacks columns "
              + wanted
              + "; was it replaced while the job ran?");
    }
    return new MessageType(fileSchema.getName(), fields);
  }

  @Override
  public VectorSchemaRoot next() throws IOException {
    if (closed || rowsLeft <= 0) {
      return null;
    }
    VectorSchemaRoot batch = VectorSchemaRoot.create(schema, allocator);
    int rows = 0;
    try {
      while (rowsLeftInGroup == 0) { // the batch's path is that of the first non-empty row group
        if (!advance()) {
          batch.close();
          rowsLeft = 0;
          return null;
        }
      }
      boolean byColumn = columns != null;
      long columnBytes = 0;
      if (byColumn) {
        columns.allocate(batch, sizer.expectedRows(stepLimit(rows), columnar.minRowBytes()));
      } else {
        batch.allocateNew();
        materializer.bind(batch);
      }
      while (rows < maxBatchRows
          && rowsLeft > 0
          && (byColumn ? columnBytes : materializer.bytes()) < targetBatchBytes) {
        if (rowsLeftInGroup == 0) {
          if (nextRowGroup < endRowGroup && byColumn(nextRowGroup) != byColumn) {
            break; // rows > 0 here: the batch started in a non-empty row group
          }
          if (!advance()) {
            break;
          }
          if (byColumn) {
            columns.bind(batch);
          }
          continue;
        }
        if (byColumn) {
          int n = sizer.next(columnBytes, stepLimit(rows));
          long bytes = columns.read(rows, n);
          sizer.seen(n, bytes);
          columnBytes += bytes;
          rows += n;
          rowsLeft -= n;
          rowsLeftInGroup -= n;
          continue;
        }
        if (records == null) { // no columns requested: rows are only counted
          long n = Math.min(Math.min(maxBatchRows - rows, rowsLeft), rowsLeftInGroup);
          rows += (int) n;
          rowsLeft -= n;
          rowsLeftInGroup -= n;
          continue;
        }
        records.read();
        rows++;
        rowsLeft--;
        rowsLeftInGroup--;
      }
      if (rows == 0) {
        batch.close();
        rowsLeft = 0;
        return null;
      }
      if (byColumn) {
        ColumnarRowGroup.finish(batch, rows);
      }
      batch.setRowCount(rows);
    } catch (IOException | RuntimeException e) {
      batch.close();
      throw new IOException(
          "reading Parquet file " + path + " failed in " + position() + ": " + e.getMessage(), e);
    }
    metrics.batch(rows);
    return batch;
  }

  /** Most rows the next step may decode: the batch, limit and row group bounds. */
  private int stepLimit(int rows) {
    return (int) Math.min(Math.min(maxBatchRows - rows, rowsLeft), rowsLeftInGroup);
  }

  /** Whether row group {@code index} is decoded column at a time. */
  private boolean byColumn(int index) {
    return columnar != null && columnar.supports(reader.getRowGroups().get(index));
  }

  /** Fetches the next row group's column chunks; false when the task has none left. */
  private boolean advance() throws IOException {
    if (nextRowGroup >= endRowGroup) {
      return false;
    }
    currentRowGroup = nextRowGroup++;
    records = null;
    columns = null;
    if (requested.getFieldCount() == 0) {
      rowsLeftInGroup = reader.getRowGroups().get(currentRowGroup).getRowCount();
    } else {
      PageReadStore pages = reader.readRowGroup(currentRowGroup);
      rowsLeftInGroup = pages.getRowCount();
      if (byColumn(currentRowGroup)) {
        columns = columnar.open(pages, reader.getRowGroups().get(currentRowGroup));
      } else {
        records = columnIO.getRecordReader(pages, materializer);
      }
    }
    metrics.rowGroupRead();
    return true;
  }

  private String position() {
    if (currentRowGroup < 0) {
      return "row group " + nextRowGroup + " (opening)";
    }
    long first = firstRows.get(currentRowGroup);
    long count = reader.getRowGroups().get(currentRowGroup).getRowCount();
    long at = first + count - rowsLeftInGroup;
    return "row group "
        + currentRowGroup
        + " (file rows ["
        + first
        + ", "
        + (first + count)
        + "), at row "
        + at
        + ")";
  }

  @Override
  public void close() throws IOException {
    if (!closed) {
      closed = true;
      reader.close();
    }
  }

  @Override
  public String toString() {
    return "ParquetBatchReader["
        + path
        + " row groups ["
        + firstRowGroup
        + ", "
        + endRowGroup
        + ")]";
  }
}
