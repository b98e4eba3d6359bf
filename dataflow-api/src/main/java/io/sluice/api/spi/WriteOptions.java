package io.sluice.api.spi;

import java.util.Map;

/**
 * How a sink writes.
 *
 * @param mode what to do when the destination exists
 * @param targetFileBytes a task rolls to a new file after about this many bytes
 * @param properties format-specific settings (compression codec, row group size...)
 */
public record WriteOptions(WriteMode mode, long targetFileBytes, Map<String, String> properties) {

  public static final long DEFAULT_TARGET_FILE_BYTES = 256L << 20;

  public WriteOptions {
    if (targetFileBytes <= 0) {
      throw new IllegalArgumentException("targetFileBytes must be positive, got " + targetFileBytes);
    }
    properties = Map.copyOf(properties);
  }

  public static WriteOptions defaults() {
    return new WriteOptions(WriteMode.ERROR_IF_EXISTS, DEFAULT_TARGET_FILE_BYTES, Map.of());
  }

  public WriteOptions withMode(WriteMode mode) {
    return new WriteOptions(mode, targetFileBytes, properties);
  }

  public WriteOptions withTargetFileBytes(long bytes) {
    return new WriteOptions(mode, bytes, properties);
  }

  public WriteOptions withProperty(String key, String value) {
    java.util.HashMap<String, String> m = new java.util.HashMap<>(properties);
    m.put(key, value);
    return new WriteOptions(mode, targetFileBytes, m);
  }
}
