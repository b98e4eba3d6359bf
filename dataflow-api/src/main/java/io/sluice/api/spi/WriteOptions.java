package io.sluice.api.spi;

import java.util.HashMap;
import java.util.Map;

/**
 * How a sink writes.
 *
 * @param mode what to do when the destination exists
 * @param targetFileBytes a task rolls to a new file after about this many bytes
 * @param properties format-specific settings (compression codec, row group size...)
 * @param jobId a stable name that makes the job resumable: it checkpoints each finished read split
 *     and a run with the same id after a crash skips them (null: not resumable)
 */
public record WriteOptions(
    WriteMode mode, long targetFileBytes, Map<String, String> properties, String jobId) {

  public static final long DEFAULT_TARGET_FILE_BYTES = 256L << 20;

  public WriteOptions {
    if (targetFileBytes <= 0) {
      throw new IllegalArgumentException(
          "targetFileBytes must be positive, got " + targetFileBytes);
    }
    properties = Map.copyOf(properties);
    if (jobId != null && jobId.isBlank()) {
      throw new IllegalArgumentException("jobId must not be blank");
    }
  }

  public WriteOptions(WriteMode mode, long targetFileBytes, Map<String, String> properties) {
    this(mode, targetFileBytes, properties, null);
  }

  /**
   * Names the job so that it can resume: finished read splits are checkpointed beside the output,
   * and a later run with the same id (after a crash or kill) skips them, re-runs the rest, and
   * publishes exactly one copy of each row. Requires ordered execution (forced on).
   */
  public WriteOptions withJobId(String id) {
    return new WriteOptions(mode, targetFileBytes, properties, id);
  }

  public static WriteOptions defaults() {
    return new WriteOptions(WriteMode.ERROR_IF_EXISTS, DEFAULT_TARGET_FILE_BYTES, Map.of());
  }

  public WriteOptions withMode(WriteMode mode) {
    return new WriteOptions(mode, targetFileBytes, properties, jobId);
  }

  public WriteOptions withTargetFileBytes(long bytes) {
    return new WriteOptions(mode, bytes, properties, jobId);
  }

  public WriteOptions withProperty(String key, String value) {
    HashMap<String, String> m = new HashMap<>(properties);
    m.put(key, value);
    return new WriteOptions(mode, targetFileBytes, m, jobId);
  }
}
