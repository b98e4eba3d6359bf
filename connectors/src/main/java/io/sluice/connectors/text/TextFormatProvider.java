package io.sluice.connectors.text;

import io.sluice.api.spi.Datasink;
import io.sluice.api.spi.Datasource;
import io.sluice.api.spi.FormatProvider;
import io.sluice.api.spi.WriteOptions;
import io.sluice.connectors.fs.FormatDatasink;
import io.sluice.connectors.fs.FormatDatasource;
import io.sluice.connectors.fs.Options;
import java.util.List;
import java.util.Map;

/** The {@code text} format: one row per line, column {@code text}; see {@link TextFormat}. */
public final class TextFormatProvider implements FormatProvider {

  @Override
  public String format() {
    return "text";
  }

  @Override
  public Datasource source(List<String> paths, Map<String, String> options) {
    return FormatDatasource.create(
        "ReadText", new TextFormat(Options.bool(options, "skipBlankLines", false)), paths, options);
  }

  @Override
  public Datasink sink(String path, WriteOptions options) {
    return new FormatDatasink("WriteText", path, options, new TextEncoder());
  }
}
