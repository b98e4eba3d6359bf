package io.sluice.connectors.csv;

import io.sluice.api.spi.Datasink;
import io.sluice.api.spi.Datasource;
import io.sluice.api.spi.FormatProvider;
import io.sluice.api.spi.WriteOptions;
import io.sluice.connectors.fs.FormatDatasink;
import io.sluice.connectors.fs.FormatDatasource;
import java.util.List;
import java.util.Map;

/**
 * The {@code csv} format: {@code sluice.read("csv", paths, options)}. Options are those of {@link
 * CsvOptions} plus the shared file-source and file-sink options ({@link FormatDatasource}, {@link
 * FormatDatasink}).
 *
 * <p>Parser: Apache Commons CSV, a small, dependency-light (commons-io, commons-codec), actively
 * released Apache project that handles RFC 4180 and its common dialects (Excel, TSV, PostgreSQL,
 * MySQL) with explicit null strings, and reports line numbers for errors.
 */
public final class CsvFormatProvider implements FormatProvider {

  @Override
  public String format() {
    return "csv";
  }

  @Override
  public Datasource source(List<String> paths, Map<String, String> options) {
    return FormatDatasource.create(
        "ReadCSV", new CsvFormat(CsvOptions.from(options)), paths, options);
  }

  @Override
  public Datasink sink(String path, WriteOptions options) {
    return new FormatDatasink(
        "WriteCSV", path, options, new CsvEncoder(CsvOptions.from(options.properties())));
  }
}
