package io.sluice.connectors.fs;

import io.sluice.api.PlanException;
import io.sluice.api.spi.WriteMode;
import io.sluice.api.spi.WriteTaskResult;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The output commit protocol every file sink shares, whatever the format.
 *
 * <p>Tasks write attempt files into one hidden staging directory beside the destination ({@code
 * <parent>/.sluice-staging-<dest>-<job>/}), named by task, attempt and sequence so no two writers
 * collide. The job commit keeps exactly the committed attempts' files, then publishes them with one
 * directory rename that carries {@code _SUCCESS} along (written into staging first), or, for {@link
 * WriteMode#APPEND} into an existing output, file renames and {@code _SUCCESS} last; so a
 * destination without {@code _SUCCESS} is never complete, and a crash never leaves one behind.
 * Readers skip hidden names, so staging directories are never read as data.
 *
 * <p>Call-order rules: {@link #prepare} on the driver; {@link #taskFile} and {@link #deleteQuietly}
 * from any task thread; then exactly one of {@link #commit} or {@link #abort} on the driver, after
 * every task has finished. Nothing in the destination is deleted or changed before commit.
 */
public final class StagingCommitProtocol implements CommitProtocol {

  private static final Logger LOG = LoggerFactory.getLogger(StagingCommitProtocol.class);

  private final FileSystem fs;
  private final Path destination;
  private final Path staging;
  private final String jobId;
  private final WriteMode mode;

  private StagingCommitProtocol(FileSystem fs, Path destination, String jobId, WriteMode mode) {
    this.fs = fs;
    this.destination = destination;
    this.jobId = jobId;
    this.mode = mode;
    this.staging = stagingPath(destination, jobId);
  }

  /**
   * The staging directory of job {@code safeJobId} writing to the qualified {@code destination}.
   */
  static Path stagingPath(Path destination, String safeJobId) {
    return new Path(
        destination.getParent(), ".sluice-staging-" + destination.getName() + "-" + safeJobId);
  }

  /**
   * Checks the destination against {@code mode} and creates the staging directory.
   *
   * @throws PlanException naming the destination when the mode forbids writing there
   */
  public static StagingCommitProtocol prepare(
      FsConfig config, String destination, String jobId, WriteMode mode) throws IOException {
    return prepare(config, destination, jobId, mode, false);
  }

  /**
   * As {@link #prepare(FsConfig, String, String, WriteMode)}; with {@code resume}, a staging
   * directory left by an earlier run of the same job id is kept, so its checkpoints can be
   * recovered.
   */
  public static StagingCommitProtocol prepare(
      FsConfig config, String destination, String jobId, WriteMode mode, boolean resume)
      throws IOException {
    Path dest = FsPaths.toPath(destination);
    FileSystem fs = FileSystems.get(dest, config);
    dest = fs.makeQualified(dest);
    if (dest.getParent() == null) {
      throw new PlanException("cannot write to the root of a file system: " + dest);
    }
    StagingCommitProtocol p =
        new StagingCommitProtocol(fs, dest, CommittedFiles.safeJobId(jobId), mode);
    p.checkDestination();
    if (!resume && fs.exists(p.staging)) { // left over by a crashed run of this same job
      fs.delete(p.staging, true);
    }
    if (!fs.exists(p.staging) && !fs.mkdirs(p.staging)) {
      throw new IOException("cannot create staging directory " + p.staging);
    }
    return p;
  }

  @Override
  public FileSystem fileSystem() {
    return fs;
  }

  @Override
  public Path destination() {
    return destination;
  }

  @Override
  public Path workDir() {
    return staging;
  }

  @Override
  public WriteMode mode() {
    return mode;
  }

  /**
   * The staging path of a task attempt's {@code sequence}-th file, e.g. {@code
   * part-00003-a1-002-<job>.parquet}. The job id keeps appended files from colliding with earlier
   * jobs' files.
   */
  @Override
  public Path taskFile(int taskIndex, int attempt, int sequence, String extension) {
    return new Path(
        staging, CommittedFiles.partName(taskIndex, attempt, sequence, jobId, extension));
  }

  /** Deletes a file or directory, logging instead of throwing (task abort, cleanup). */
  @Override
  public void deleteQuietly(Path path) {
    CommittedFiles.deleteQuietly(fs, path);
  }

  /**
   * Publishes exactly the files of {@code results} and writes {@code _SUCCESS}. Other files in the
   * staging directory (failed or duplicate attempts) are deleted first.
   *
   * @return the published files' paths, sorted
   */
  @Override
  public List<String> commit(List<WriteTaskResult> results) throws IOException {
    Set<String> keep = new HashSet<>();
    for (CommittedFiles.File f :
        CommittedFiles.of(fs, staging, "the staging directory " + staging, results)) {
      keep.add(f.name());
    }
    for (FileStatus s : fs.listStatus(staging)) {
      if (!keep.contains(s.getPath().getName())) {
        fs.delete(s.getPath(), true);
      }
    }
    List<String> names = new ArrayList<>(keep);
    names.sort(null);
    // A rename publishes the marker with the data (written into staging first): a crash right after
    // the rename must not leave an output without _SUCCESS, which a rerun could neither resume nor
    // replace.
    boolean byRename = mode != WriteMode.APPEND || !fs.exists(destination);
    if (byRename) {
      CommittedFiles.writeSuccess(fs, staging, jobId, names);
      publishByRename(mode == WriteMode.OVERWRITE);
    } else {
      publishIntoExisting(names);
      CommittedFiles.writeSuccess(fs, destination, jobId, names);
    }
    List<String> published = new ArrayList<>(names.size());
    for (String n : names) {
      published.add(new Path(destination, n).toString());
    }
    return published;
  }

  /** Deletes the staging directory; never throws. Published output of an earlier commit stays. */
  @Override
  public void abort() {
    deleteQuietly(staging);
  }

  private void checkDestination() throws IOException {
    if (!fs.exists(destination)) {
      return;
    }
    FileStatus st = fs.getFileStatus(destination);
    if (mode == WriteMode.OVERWRITE) {
      return;
    }
    if (!st.isDirectory()) {
      throw new PlanException(
          "destination " + destination + " exists and is a file, not a directory");
    }
    if (mode == WriteMode.ERROR_IF_EXISTS && fs.listStatus(destination).length > 0) {
      throw new PlanException(
          "destination "
              + destination
              + " already exists and is not empty"
              + " (write mode ERROR_IF_EXISTS); choose another path or WriteMode.OVERWRITE / APPEND");
    }
  }

  /** One rename of the staging directory onto the destination (replacing it when allowed). */
  private void publishByRename(boolean replace) throws IOException {
    Path old = null;
    if (fs.exists(destination)) {
      boolean emptyDir =
          fs.getFileStatus(destination).isDirectory() && fs.listStatus(destination).length == 0;
      if (replace && !emptyDir) {
        old =
            new Path(destination.getParent(), ".sluice-old-" + destination.getName() + "-" + jobId);
        if (!fs.rename(destination, old)) {
          throw new IOException("cannot move the old " + destination + " aside to " + old);
        }
      } else if (emptyDir) {
        fs.delete(destination, false); // rename onto an existing directory would nest inside it
      } else {
        throw new PlanException(
            "destination " + destination + " was written by someone else during the job");
      }
    }
    if (!fs.rename(staging, destination)) {
      if (old != null && !fs.rename(old, destination)) {
        LOG.error("commit failed and the old output could not be restored; it is at {}", old);
      }
      throw new IOException("cannot rename " + staging + " to " + destination);
    }
    // Hadoop moves a directory INTO an existing one: if another job published between our check and
    // our rename, our staging directory now sits inside its output. Take it back out and lose
    // cleanly.
    Path nested = new Path(destination, staging.getName());
    if (fs.exists(nested)) {
      if (!fs.rename(nested, staging)) {
        LOG.error("could not move {} back out of {}", nested, destination);
      }
      throw new PlanException(
          "destination "
              + destination
              + " was published by another job while this one ran;"
              + " this job's output was not published");
    }
    if (old != null) {
      deleteQuietly(old);
    }
  }

  /** Moves each file into an existing destination, refusing to replace any existing file. */
  private void publishIntoExisting(List<String> names) throws IOException {
    for (String n : names) {
      if (fs.exists(new Path(destination, n))) {
        throw new IOException("cannot append: " + new Path(destination, n) + " already exists");
      }
    }
    fs.delete(new Path(destination, SUCCESS_MARKER), false);
    for (String n : names) {
      if (!fs.rename(new Path(staging, n), new Path(destination, n))) {
        throw new IOException("cannot move " + new Path(staging, n) + " into " + destination);
      }
    }
    fs.delete(staging, true);
  }
}
