package io.sluice.connectors.fs;

import io.sluice.api.PlanException;
import io.sluice.api.spi.WriteMode;
import java.io.IOException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Picks the commit protocol for a destination by what its file system can do: where rename is a
 * metadata operation ({@code file:}, {@code hdfs:}) the {@link StagingCommitProtocol}; on object
 * stores, where rename copies every byte ({@code s3a:}, {@code s3:}, {@code gs:}, {@code
 * abfs:}...), the {@link ManifestCommitProtocol}.
 *
 * <p>Write options: {@code commitProtocol} = {@code auto} (default), {@code staging} or {@code
 * manifest}; {@code orphanGraceSeconds} (default 3600): unlisted files of other jobs younger than
 * this survive the manifest protocol's garbage collection.
 */
public final class CommitProtocols {

  private static final Set<String> OBJECT_STORES =
      Set.of(
          "s3a", "s3", "s3n", "gs", "abfs", "abfss", "wasb", "wasbs", "oss", "cos", "cosn", "obs");

  private CommitProtocols() {}

  /** Prepares the protocol for {@code destination}, checking it against {@code mode}. */
  public static CommitProtocol prepare(
      FsConfig config,
      String destination,
      String jobId,
      WriteMode mode,
      Map<String, String> options)
      throws IOException {
    return prepare(config, destination, jobId, mode, options, false);
  }

  /** As above; with {@code resume}, records of an earlier run of the same job id are kept. */
  public static CommitProtocol prepare(
      FsConfig config,
      String destination,
      String jobId,
      WriteMode mode,
      Map<String, String> options,
      boolean resume)
      throws IOException {
    String choice = options.getOrDefault("commitProtocol", "auto").trim().toLowerCase(Locale.ROOT);
    long graceMillis = graceMillis(options);
    boolean manifest =
        switch (choice) {
          case "auto" -> isObjectStore(destination);
          case "manifest" -> true;
          case "staging" -> false;
          default ->
              throw new PlanException(
                  "write option commitProtocol must be auto, staging or manifest, got '"
                      + choice
                      + "'");
        };
    return manifest
        ? ManifestCommitProtocol.prepare(config, destination, jobId, mode, resume, graceMillis)
        : StagingCommitProtocol.prepare(config, destination, jobId, mode, resume);
  }

  /**
   * Deletes the records (checkpoints and unpublished attempt files) that runs of {@code jobId} left
   * for {@code destination}, whichever protocol wrote them, so that the next run of that id starts
   * over instead of resuming. Published output is not touched.
   *
   * @return whether there was anything to delete
   */
  public static boolean discardJobRecords(FsConfig config, String destination, String jobId)
      throws IOException {
    Path dest = FsPaths.toPath(destination);
    FileSystem fs = FileSystems.get(dest, config);
    dest = fs.makeQualified(dest);
    String safe = CommittedFiles.safeJobId(jobId);
    boolean deleted = false;
    for (Path dir :
        new Path[] {
          dest.getParent() == null ? null : StagingCommitProtocol.stagingPath(dest, safe),
          ManifestCommitProtocol.workDirPath(dest, safe)
        }) {
      if (dir != null && fs.exists(dir)) {
        deleted |= fs.delete(dir, true);
      }
    }
    return deleted;
  }

  /**
   * Whether {@code destination} holds an output committed by job {@code jobId} (its {@code
   * _SUCCESS} names that job), whichever protocol wrote it: a scheduler re-running a finished job
   * can then stop at once instead of failing on an existing destination.
   */
  public static boolean committedBy(FsConfig config, String destination, String jobId)
      throws IOException {
    Path dest = FsPaths.toPath(destination);
    String committed = CommittedFiles.successJobId(FileSystems.get(dest, config), dest);
    return CommittedFiles.safeJobId(jobId).equals(committed);
  }

  /** Whether the path's scheme is an object store, where rename is a copy. */
  public static boolean isObjectStore(String location) {
    String scheme = FsPaths.toPath(location).toUri().getScheme();
    return scheme != null && OBJECT_STORES.contains(scheme.toLowerCase(Locale.ROOT));
  }

  private static long graceMillis(Map<String, String> options) {
    String v = options.get("orphanGraceSeconds");
    if (v == null) {
      return 3_600_000L;
    }
    try {
      long s = Long.parseLong(v.trim());
      if (s < 0) {
        throw new NumberFormatException();
      }
      return s * 1000;
    } catch (NumberFormatException e) {
      throw new PlanException(
          "write option orphanGraceSeconds must be a number >= 0, got '" + v + "'");
    }
  }
}
