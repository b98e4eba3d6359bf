package io.sluice.connectors.parquet;

import io.sluice.connectors.parquet.convert.ArrowWriteSupport;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.OutputFile;

/** parquet-mr's writer builder bound to one {@link ArrowWriteSupport}. */
final class ArrowParquetWriterBuilder
    extends ParquetWriter.Builder<ArrowWriteSupport.RowPointer, ArrowParquetWriterBuilder> {

  private final ArrowWriteSupport support;

  ArrowParquetWriterBuilder(OutputFile file, ArrowWriteSupport support) {
    super(file);
    this.support = support;
  }

  @Override
  protected ArrowParquetWriterBuilder self() {
    return this;
  }

  @Override
  protected WriteSupport<ArrowWriteSupport.RowPointer> getWriteSupport(Configuration conf) {
    return support;
  }
}
