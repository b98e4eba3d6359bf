package io.sluice.api.options;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Where and how blocks that do not fit the memory budget go to disk.
 *
 * @param dir where they are spilled (a job-private subdirectory, deleted at the job's end, on
 *     failure too); the system temp dir when empty (default)
 * @param quotaBytes most bytes one job may write there (default unlimited: the disk's free space
 *     bounds it); passing it fails the job with the directory and the bytes needed
 * @param codec compression of spill files (default {@link SpillCodec#ZSTD})
 */
public record Spill(Optional<Path> dir, long quotaBytes, SpillCodec codec) {

  public Spill {
    Objects.requireNonNull(dir, "spill.dir");
    if (quotaBytes <= 0) {
      throw new IllegalArgumentException("spill.quotaBytes must be positive, got " + quotaBytes);
    }
    Objects.requireNonNull(codec, "spill.codec");
  }

  public static Spill defaults() {
    return new Spill(Optional.empty(), Long.MAX_VALUE, SpillCodec.ZSTD);
  }

  public Spill withDir(Path directory) {
    return new Spill(Optional.of(directory), quotaBytes, codec);
  }

  public Spill withQuotaBytes(long bytes) {
    return new Spill(dir, bytes, codec);
  }

  public Spill withCodec(SpillCodec compression) {
    return new Spill(dir, quotaBytes, compression);
  }
}
