package io.sluice.api.spi;

import java.util.List;
import java.util.Map;

/**
 * A file format, found through {@link java.util.ServiceLoader} so that {@code dataflow-api} never
 * depends on connectors: {@code sluice.readParquet(...)} asks for the provider of {@code
 * "parquet"}.
 */
public interface FormatProvider {

  /** Lower-case format name, e.g. {@code parquet}. */
  String format();

  /** A source over files, directories or globs. */
  Datasource source(List<String> paths, Map<String, String> options);

  /** A sink writing under {@code path}. */
  Datasink sink(String path, WriteOptions options);
}
