package io.sluice.connectors.parquet;

import io.sluice.connectors.fs.CommitProtocol;
import io.sluice.connectors.fs.RollingTaskWriter;
import io.sluice.connectors.parquet.convert.ArrowWriteSupport;
import io.sluice.connectors.parquet.io.FsOutputFile;
import java.io.IOException;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;

/**
 * Writes one task attempt's batches as Parquet into {@link RollingTaskWriter}'s files; a file's
 * size is the writer's data size, checked every {@value #SIZE_CHECK_ROWS} rows and after each
 * batch.
 */
final class ParquetTaskWriter extends RollingTaskWriter {

  private static final int SIZE_CHECK_ROWS = 1024;

  private final ParquetWriteSettings settings;
  private final Configuration conf;
  private final ArrowWriteSupport.RowPointer pointer = new ArrowWriteSupport.RowPointer();

  private ParquetWriter<ArrowWriteSupport.RowPointer> writer;
  private ArrowWriteSupport support;

  ParquetTaskWriter(
      CommitProtocol protocol,
      int taskIndex,
      int attempt,
      Schema schema,
      ParquetWriteSettings settings,
      long targetFileBytes,
      Configuration conf) {
    super(protocol, schema, taskIndex, attempt, "parquet", targetFileBytes);
    this.settings = settings;
    this.conf = conf;
  }

  @Override
  protected void openFile(Path path) throws IOException {
    support = new ArrowWriteSupport(schema());
    writer =
        new ArrowParquetWriterBuilder(new FsOutputFile(protocol().fileSystem(), path), support)
            .withConf(conf)
            .withWriteMode(
                ParquetFileWriter.Mode
                    .OVERWRITE) // a re-run of the same attempt replaces its own file
            .withCompressionCodec(settings.codec())
            .withRowGroupSize(Math.min(settings.rowGroupBytes(), targetFileBytes()))
            .withPageSize(settings.pageBytes())
            .withDictionaryEncoding(settings.dictionary())
            .build();
  }

  @Override
  protected void writeRow(VectorSchemaRoot batch, int row, boolean newBatch) throws IOException {
    if (newBatch) {
      support.setBatch(batch);
    }
    pointer.row = row;
    writer.write(pointer);
  }

  @Override
  protected long fileBytes() {
    return writer.getDataSize();
  }

  @Override
  protected int sizeCheckRows() {
    return SIZE_CHECK_ROWS;
  }

  @Override
  protected long closeFile(Path path) throws IOException {
    ParquetWriter<ArrowWriteSupport.RowPointer> w = writer;
    writer = null;
    w.close();
    return protocol().fileSystem().getFileStatus(path).getLen();
  }
}
