package io.sluice.executor.store;

import io.sluice.api.ExecutionOptions;
import io.sluice.api.options.SpillCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One job's private spill directory: created on the first spill, deleted with every file in it when
 * the job ends (success or failure). Files are reserved before they are written, so a job over its
 * quota, or a disk without room, fails with the directory and the bytes needed instead of a
 * half-written file.
 *
 * <p>A process killed with SIGKILL (or by the OOM killer) cannot delete its directory, so each one
 * names its owner in {@value #OWNER} (pid and start time), and the first spill of any later job
 * under the same root deletes the directories whose owner is gone (the chaos run found 9 such files
 * left after 3 kills). A directory without an owner file is left alone: it may be one being created
 * now. Thread-safe.
 */
public final class SpillDirectory implements AutoCloseable {

  static final String OWNER = ".owner";
  private static final String PREFIX = "sluice-spill-";
  private static final Logger LOG = LoggerFactory.getLogger(SpillDirectory.class);

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
    return d != null ? d : base.resolve(PREFIX + fileName(jobId));
  }

  /** Bytes of spill files on disk now. */
  public long usedBytes() {
    return used.get();
  }

  /**
   * Reserves room for a file of up to {@code bytes} and names it. Throws {@link SpillException}
   * when the quota or the disk cannot take it.
   */
  public Path reserve(String label, long bytes) {
    if (closed) {
      throw new IllegalStateException("spill directory of job " + jobId + " is closed");
    }
    Path d = ensureDir(bytes);
    long now = used.addAndGet(bytes);
    if (now > quota) {
      used.addAndGet(-bytes);
      throw full(
          bytes,
          "its quota of " + quota + " B (spillQuotaBytes) holds " + (now - bytes) + " B already");
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
    return new SpillException(
        "cannot spill "
            + bytes
            + " B to "
            + path()
            + ": "
            + why
            + "; free space there, point spillDir at a larger disk, or raise memoryBudgetBytes");
  }

  private synchronized Path ensureDir(long bytes) {
    if (dir == null) {
      Path d = inside(base, path());
      try {
        Files.createDirectories(d);
        Files.writeString(
            d.resolve(OWNER), owner(ProcessHandle.current()), StandardCharsets.US_ASCII);
      } catch (IOException e) {
        throw new SpillException(
            "cannot create spill directory "
                + d
                + " (needed for "
                + bytes
                + " B): "
                + e.getMessage(),
            e);
      }
      dir = d;
      deleteOrphans(d);
    }
    return dir;
  }

  /**
   * "pid startMillis namespace" of a process: start -1 where the OS does not say; the namespace is
   * this process's pid namespace ("-" where unknown), since a pid means nothing in another
   * container sharing the spill root.
   */
  static String owner(ProcessHandle p) {
    return p.pid()
        + " "
        + p.info().startInstant().map(Instant::toEpochMilli).orElse(-1L)
        + " "
        + PID_NAMESPACE;
  }

  private static final String PID_NAMESPACE = pidNamespace();

  private static String pidNamespace() {
    try {
      return Files.readSymbolicLink(Paths.get("/proc/self/ns/pid")).toString().replace(' ', '_');
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return "-";
    }
  }

  /** True unless {@code owner} (as {@link #owner} wrote it) names a process that is gone. */
  static boolean ownerAlive(String owner) {
    String[] f = owner.trim().split(" ");
    long pid;
    long start;
    try {
      pid = Long.parseLong(f[0]);
      start = f.length > 1 ? Long.parseLong(f[1]) : -1;
    } catch (NumberFormatException e) {
      return true; // not ours to judge
    }
    if (f.length < 3 || f[2].equals("-") || !f[2].equals(PID_NAMESPACE)) {
      return true; // another container's (or an unknown) pid: not ours to judge
    }
    return ProcessHandle.of(pid)
        .filter(ProcessHandle::isAlive)
        .map(
            h ->
                start < 0
                    || h.info().startInstant().map(i -> i.toEpochMilli() == start).orElse(true))
        .orElse(false); // a pid reused by a younger process is not the owner
  }

  /**
   * Deletes the spill directories next to {@code own} whose owning process ended without cleaning
   * up.
   */
  private void deleteOrphans(Path own) {
    try (Stream<Path> siblings = Files.list(base)) {
      for (Path d :
          siblings
              .filter(
                  x ->
                      !x.equals(own)
                          && x.getFileName().toString().startsWith(PREFIX)
                          && Files.isDirectory(x))
              .toList()) {
        Path ownerFile = d.resolve(OWNER);
        String owner;
        try {
          owner = Files.readString(ownerFile, StandardCharsets.US_ASCII);
        } catch (IOException e) {
          continue; // no owner file (yet): leave it
        }
        if (!ownerAlive(owner)) {
          long bytes = deleteTree(d);
          LOG.warn(
              "deleted spill directory {} ({} B) left by process {} that ended without cleaning up (killed?)",
              d,
              bytes,
              owner.trim().split(" ")[0]);
        }
      }
    } catch (IOException | UncheckedIOException e) {
      LOG.warn(
          "could not look for spill directories of ended processes in {}: {}", base, e.toString());
    }
  }

  /** Deletes {@code d} and everything in it; returns the bytes of the files deleted. */
  private static long deleteTree(Path d) throws IOException {
    long[] bytes = {0};
    try (Stream<Path> files = Files.walk(d)) {
      files
          .sorted(Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  if (Files.isRegularFile(p)) {
                    bytes[0] += Files.size(p);
                  }
                  Files.deleteIfExists(p);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    }
    return bytes[0];
  }

  /**
   * A job id or label as one file-name component: characters other than letters, digits, '_', '.'
   * and '-' become '_' (so no '/' or '\\' is left to climb out with "..", and the prefix the caller
   * adds keeps "." and ".." from being the whole name); a hash of the original keeps two ids that
   * differ only there apart, since {@link #close} deletes the whole directory.
   */
  static String fileName(String raw) {
    String s = raw.replaceAll("[^A-Za-z0-9_.-]", "_");
    if (s.length() > 80) {
      s = s.substring(0, 80);
    }
    return s.equals(raw) ? s : s + "-" + Integer.toHexString(raw.hashCode());
  }

  /**
   * {@code path}, after checking that it lies under {@code root}: a spill file never lands
   * elsewhere.
   */
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
    try {
      deleteTree(d);
    } catch (IOException | UncheckedIOException e) {
      throw new SpillException("could not delete spill directory " + d + ": " + e.getMessage(), e);
    }
    used.set(0);
  }
}
