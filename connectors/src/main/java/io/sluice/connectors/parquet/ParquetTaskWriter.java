package io.sluice.connectors.parquet;

import io.sluice.api.SluiceException;
import io.sluice.api.arrow.Batches;
import io.sluice.api.spi.TaskWriter;
import io.sluice.api.spi.WriteTaskResult;
import io.sluice.connectors.fs.CommitProtocol;
import io.sluice.connectors.parquet.convert.ArrowWriteSupport;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import io.sluice.connectors.parquet.io.FsOutputFile;

/**
 * Writes one task attempt's batches into staging files, rolling to a new file once the current one
 * passes the target size. Files open lazily: an attempt that writes no rows leaves no file.
 */
final class ParquetTaskWriter implements TaskWriter {

  private static final int SIZE_CHECK_ROWS = 1024;

  private final CommitProtocol protocol;
  private final int taskIndex;
  private final int attempt;
  private final Schema schema;
  private final ParquetWriteSettings settings;
  private final long targetFileBytes;
  private final Configuration conf;
  private final ArrowWriteSupport.RowPointer pointer = new ArrowWriteSupport.RowPointer();
  private final List<Path> files = new ArrayList<>();

  private ParquetWriter<ArrowWriteSupport.RowPointer> writer;
  private ArrowWriteSupport support;
  private long rows;
  private long fileRows;
  private boolean finished;

  ParquetTaskWriter(CommitProtocol protocol, int taskIndex, int attempt, Schema schema,
      ParquetWriteSettings settings, long targetFileBytes, Configuration conf) {
    this.protocol = protocol;
    this.taskIndex = taskIndex;
    this.attempt = attempt;
    this.schema = schema;
    this.settings = settings;
    this.targetFileBytes = targetFileBytes;
    this.conf = conf;
  }

  @Override
  public void write(VectorSchemaRoot batch) throws IOException {
    if (finished) {
      throw new IllegalStateException("task writer already committed or aborted");
    }
    if (!Batches.sameFields(batch.getSchema(), schema)) {
      throw new SluiceException("task " + taskIndex + ": batch schema " + batch.getSchema()
          + " differs from the job's schema " + schema);
    }
    int n = batch.getRowCount();
    for (int row = 0; row < n; row++) {
      if (writer == null) {
        openFile();
      }
      if (fileRows == 0 || row == 0) {
        support.setBatch(batch);
      }
      pointer.row = row;
      try {
        writer.write(pointer);
      } catch (RuntimeException e) {
        throw new IOException("writing " + files.get(files.size() - 1) + " failed at row " + row
            + " of a batch (task " + taskIndex + "): " + e.getMessage(), e);
      }
      rows++;
      fileRows++;
      if (fileRows % SIZE_CHECK_ROWS == 0 && writer.getDataSize() >= targetFileBytes) {
        closeFile();
      }
    }
    if (writer != null && writer.getDataSize() >= targetFileBytes) {
      closeFile();
    }
  }

  @Override
  public WriteTaskResult commit() throws IOException {
    return commit(false);
  }

  /** Commits; with {@code ensureFile} an attempt without rows still writes one (empty) file. */
  WriteTaskResult commit(boolean ensureFile) throws IOException {
    if (ensureFile && files.isEmpty()) {
      openFile();
    }
    closeFile();
    finished = true;
    long bytes = 0;
    List<String> names = new ArrayList<>();
    for (Path p : files) {
      bytes += protocol.fileSystem().getFileStatus(p).getLen();
      names.add(p.toString());
    }
    return new WriteTaskResult(taskIndex, attempt, names, rows, bytes);
  }

  @Override
  public void abort() {
    finished = true;
    if (writer != null) {
      try {
        writer.close();
      } catch (IOException | RuntimeException e) {
        // the file is deleted below anyway
      }
      writer = null;
    }
    for (Path p : files) {
      protocol.deleteQuietly(p);
    }
  }

  private void openFile() throws IOException {
    Path path = protocol.fileSystem().makeQualified(protocol.taskFile(taskIndex, attempt, files.size(), "parquet"));
    support = new ArrowWriteSupport(schema);
    writer = new ArrowParquetWriterBuilder(new FsOutputFile(protocol.fileSystem(), path), support)
        .withConf(conf)
        .withWriteMode(ParquetFileWriter.Mode.OVERWRITE) // a re-run of the same attempt replaces its own file
        .withCompressionCodec(settings.codec())
        .withRowGroupSize(Math.min(settings.rowGroupBytes(), targetFileBytes))
        .withPageSize(settings.pageBytes())
        .withDictionaryEncoding(settings.dictionary())
        .build();
    files.add(path);
    fileRows = 0;
  }

  private void closeFile() throws IOException {
    if (writer != null) {
      ParquetWriter<ArrowWriteSupport.RowPointer> w = writer;
      writer = null;
      w.close();
    }
  }
}
