package io.sluice.connectors.binary;

import io.sluice.api.PlanException;
import io.sluice.api.spi.Datasink;
import io.sluice.api.spi.Datasource;
import io.sluice.api.spi.FormatProvider;
import io.sluice.api.spi.WriteOptions;
import io.sluice.connectors.fs.FormatDatasource;
import io.sluice.connectors.fs.Options;
import java.util.List;
import java.util.Map;

/**
 * The {@code binary} format: one row per file ({@code path}, {@code size}, {@code bytes}); read
 * only.
 */
public final class BinaryFormatProvider implements FormatProvider {

  @Override
  public String format() {
    return "binary";
  }

  @Override
  public Datasource source(List<String> paths, Map<String, String> options) {
    return FormatDatasource.create(
        "ReadBinary",
        new BinaryFormat(Options.positiveLong(options, "maxFileBytes", 64L << 20)),
        paths,
        options);
  }

  @Override
  public Datasink sink(String path, WriteOptions options) {
    throw new PlanException(
        "the binary format is read-only; write Parquet (binary columns) instead");
  }
}
