package io.sluice.api.format;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Typed settings of one file format. The typed readers and writers ({@code Sluice.readCsv}, {@code
 * Dataset.writeJson}, ...) pass them to the format's provider as the string map that the SPI path
 * ({@code Sluice.read(format, paths, options)}) takes, so both paths read files alike.
 */
public interface FormatOptions {

  /** The settings as {@link io.sluice.api.spi.FormatProvider} options: typed ones, then extras. */
  Map<String, String> toMap();

  /**
   * Merges typed settings over free-form extras (file-source options such as {@code splitBytes} or
   * {@code listingCacheSeconds}, Hadoop's {@code fs.*}); a typed setting wins over an extra of the
   * same name.
   */
  static Map<String, String> merge(Map<String, String> extras, Map<String, String> typed) {
    Map<String, String> out = new LinkedHashMap<>(extras);
    out.putAll(typed);
    return Map.copyOf(out);
  }
}
