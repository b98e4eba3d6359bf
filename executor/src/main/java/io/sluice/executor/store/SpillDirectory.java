package io.sluice.executor.store;

import io.sluice.api.ExecutionOptions;
import io.sluice.api.options.SpillCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * One job's private spill directory: created on the first spill, deleted with every file in it when
 * the job ends (success or failure). Files are reserved before they are written, so a job over its
 * quota, or a disk without room, fails with the directory and the bytes needed instead of a
 * half-written file. Thread-safe.
 */
public final class SpillDirectory implements AutoCloseable {

  private final Path base;
  private final String jobId;
  private final long quota;
  private final SpillCodec codec;
  private final SpillStats stats = new SpillStats();
  private final AtomicLong used = new AtomicLong();
  private final AtomicLong sequence = new AtomicLong();
  private volatile Path dir;
  private volatile boolean closed;

  public SpillDirectory(ExecutionOptions options, String jobId) {
    this.base = options.spill().dir().orElse(Paths.get(System.getProperty("java.io.tmpdir")));
    this.jobId = jobId;
    this.quota = options.spill().quotaBytes();
    this.codec = options.spill().codec();
  }

  public SpillStats stats() {
    return stats;
  }

  public SpillCodec codec() {
    return codec;
  }

  /** The job's directory, or its would-be location before the first spill. */
  public Path path() {
    Path d = dir;
    return d != null ? d : base.resolve("sluice-spill-" + fileName(jobId));
  }

  /** Bytes of spill files on disk now. */
  public long usedBytes() {
    return used.get();
  }

  /**
   * Reserves room for a file of up to {@code bytes} and names it. Throws {@link SpillException} when
   * the quota or the disk cannot take it.
   */
  public Path reserve(String label, long bytes) {
    if (closed) {
      throw new IllegalStateException("spill directory of job " + jobId + " is closed");
    }
    Path d = ensureDir(bytes);
    long now = used.addAndGet(bytes);
    if (now > quota) {
      used.addAndGet(-bytes);
      throw full(bytes, "its quota of " + quota + " B (spillQuotaBytes) holds " + (now - bytes) + " B already");
    }
    try {
      long usable = Files.getFileStore(d).getUsableSpace();
      if (usable < bytes) {
        used.addAndGet(-bytes);
        throw full(bytes, "the disk has " + usable + " B free");
      }
    } catch (IOException e) {
      // The free-space probe is advisory; the write itself reports a full disk.
    }
    return inside(d, d.resolve(fileName(label) + "-" + sequence.incrementAndGet() + ".arrows"));
  }

  /** Corrects a reservation once the file's real size is known (or 0 after a failed write). */
  void settle(long reserved, long actual) {
    used.addAndGet(actual - reserved);
  }

  /** Deletes one file and releases its bytes. */
  void delete(Path file, long bytes) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // The directory is removed at the job's end anyway.
    }
    used.addAndGet(-bytes);
  }

  SpillException full(long bytes, String why) {
    return new SpillException("cannot spill " + bytes + " B to " + path() + ": " + why
        + "; free space there, point spillDir at a larger disk, or raise memoryBudgetBytes");
  }

  private synchronized Path ensureDir(long bytes) {
    if (dir == null) {
      Path d = inside(base, path());
      try {
        Files.createDirectories(d);
      } catch (IOException e) {
        throw new SpillException("cannot create spill directory " + d + " (needed for " + bytes + " B): "
            + e.getMessage(), e);
      }
      dir = d;
    }
    return dir;
  }

  /**
   * A job id or label as one file-name component: characters other than letters, digits, '_', '.' and
   * '-' become '_' (so no '/' or '\\' is left to climb out with "..", and the prefix the caller adds
   * keeps "." and ".." from being the whole name); a hash of the original keeps two ids that differ
   * only there apart, since {@link #close} deletes the whole directory.
   */
  static String fileName(String raw) {
    String s = raw.replaceAll("[^A-Za-z0-9_.-]", "_");
    if (s.length() > 80) {
      s = s.substring(0, 80);
    }
    return s.equals(raw) ? s : s + "-" + Integer.toHexString(raw.hashCode());
  }

  /** {@code path}, after checking that it lies under {@code root}: a spill file never lands elsewhere. */
  private static Path inside(Path root, Path path) {
    Path r = root.toAbsolutePath().normalize();
    Path p = path.toAbsolutePath().normalize();
    if (!p.startsWith(r) || p.equals(r)) {
      throw new SpillException("refusing spill path " + path + ": it is not inside " + root);
    }
    return path;
  }

  /** Deletes the directory and everything in it. Idempotent. */
  @Override
  public synchronized void close() {
    closed = true;
    Path d = dir;
    if (d == null || !Files.exists(d)) {
      return;
    }
    try (Stream<Path> files = Files.walk(d)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.deleteIfExists(p);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (IOException | UncheckedIOException e) {
      throw new SpillException("could not delete spill directory " + d + ": " + e.getMessage(), e);
    }
    used.set(0);
  }
}
