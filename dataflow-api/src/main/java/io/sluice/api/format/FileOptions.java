package io.sluice.api.format;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Settings of the formats that read whole files or lines as they are: {@code readText} (one row per
 * line, column {@code text}) and {@code readBinaryFiles} (one row per file: {@code path}, {@code
 * size}, {@code bytes}). Immutable.
 *
 * @param skipBlankLines text: blank lines make no row (default false)
 * @param maxFileBytes binary: a larger file fails the read, naming it (default 64 MiB)
 * @param extras other source options by name (see {@link FormatOptions#merge})
 */
public record FileOptions(boolean skipBlankLines, long maxFileBytes, Map<String, String> extras)
    implements FormatOptions {

  public FileOptions {
    if (maxFileBytes <= 0) {
      throw new IllegalArgumentException("maxFileBytes must be positive, got " + maxFileBytes);
    }
    extras = Map.copyOf(extras);
  }

  public static FileOptions defaults() {
    return new FileOptions(false, 64L << 20, Map.of());
  }

  public FileOptions skippingBlankLines() {
    return new FileOptions(true, maxFileBytes, extras);
  }

  public FileOptions withMaxFileBytes(long bytes) {
    return new FileOptions(skipBlankLines, bytes, extras);
  }

  public FileOptions withOption(String key, String value) {
    return new FileOptions(
        skipBlankLines, maxFileBytes, FormatOptions.merge(extras, Map.of(key, value)));
  }

  @Override
  public Map<String, String> toMap() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("skipBlankLines", Boolean.toString(skipBlankLines));
    m.put("maxFileBytes", Long.toString(maxFileBytes));
    return FormatOptions.merge(extras, m);
  }
}
