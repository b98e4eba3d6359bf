package io.sluice.connectors.json;

import io.sluice.api.spi.Datasink;
import io.sluice.api.spi.Datasource;
import io.sluice.api.spi.FormatProvider;
import io.sluice.api.spi.WriteOptions;
import io.sluice.connectors.fs.FormatDatasink;
import io.sluice.connectors.fs.FormatDatasource;
import io.sluice.connectors.fs.Options;
import java.util.List;
import java.util.Map;

/** The {@code json} format (JSON lines); see {@link JsonFormat} for options. */
public final class JsonFormatProvider implements FormatProvider {

  @Override
  public String format() {
    return "json";
  }

  @Override
  public Datasource source(List<String> paths, Map<String, String> options) {
    JsonFormat f =
        new JsonFormat(
            options.get("schema"),
            (int) Math.min(Options.positiveLong(options, "sampleRows", 1000), 1_000_000),
            Options.skipMalformed(options));
    return FormatDatasource.create("ReadJSON", f, paths, options);
  }

  @Override
  public Datasink sink(String path, WriteOptions options) {
    return new FormatDatasink("WriteJSON", path, options, new JsonEncoder());
  }
}
