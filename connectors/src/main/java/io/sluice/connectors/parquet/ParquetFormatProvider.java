package io.sluice.connectors.parquet;

import io.sluice.api.spi.Datasink;
import io.sluice.api.spi.Datasource;
import io.sluice.api.spi.FormatProvider;
import io.sluice.api.spi.WriteOptions;
import java.util.List;
import java.util.Map;

/**
 * The {@code parquet} format, found by {@code Sluice.readParquet} and {@code Dataset.writeParquet}.
 */
public final class ParquetFormatProvider implements FormatProvider {

  @Override
  public String format() {
    return "parquet";
  }

  @Override
  public Datasource source(List<String> paths, Map<String, String> options) {
    return ParquetDatasource.create(paths, options);
  }

  @Override
  public Datasink sink(String path, WriteOptions options) {
    return new ParquetDatasink(path, options);
  }
}
