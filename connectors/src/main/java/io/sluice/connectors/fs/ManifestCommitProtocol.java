package io.sluice.connectors.fs;

import io.sluice.api.PlanException;
import io.sluice.api.spi.WriteMode;
import io.sluice.api.spi.WriteTaskResult;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The commit protocol for object stores (S3A), where a rename is a copy of every byte.
 *
 * <p>Tasks write straight to unique final keys in the destination, {@code
 * <dest>/part-<task>-a<attempt>-<seq>-<job>.<ext>}; a failed or duplicate attempt only leaves files
 * nobody lists. The job commit checks that every committed file exists, then writes {@link
 * Manifest#FILE_NAME} (one PUT, atomic on S3) listing exactly the committed files with their sizes
 * and row counts, then {@code _SUCCESS}. Readers that find a manifest read only the files it lists,
 * so nothing is visible before the manifest and nothing uncommitted is visible after.
 *
 * <p>Modes: {@code ERROR_IF_EXISTS} refuses a destination holding visible data; {@code APPEND}
 * lists the previous manifest's files plus the new ones (without a manifest: the files present, but
 * without {@code _SUCCESS} no uncommitted Sluice part files); {@code OVERWRITE} lists only the new
 * files and deletes the old ones after the manifest is written.
 *
 * <p>Garbage collection: after commit, files of this job that were not committed are deleted, and
 * so are unlisted {@code part-} files of other jobs older than the grace period (attempts of jobs
 * that failed or crashed earlier; a younger file may belong to a job still running). {@link #abort}
 * deletes this job's files. A crash between manifest and {@code _SUCCESS} leaves a complete,
 * readable output without the marker; a resumed run of the same job id (its checkpoints are kept
 * until after the marker) commits the same files again and writes the marker.
 */
public final class ManifestCommitProtocol implements CommitProtocol {

  private static final Logger LOG = LoggerFactory.getLogger(ManifestCommitProtocol.class);
  private static final Pattern SLUICE_PART = Pattern.compile("part-\\d{5}-a\\d+-\\d{3}-.+");

  private final FileSystem fs;
  private final Path destination;
  private final String jobId;
  private final WriteMode mode;
  private final long orphanGraceMillis;
  private final Path workDir;

  private ManifestCommitProtocol(
      FileSystem fs, Path destination, String jobId, WriteMode mode, long orphanGraceMillis) {
    this.fs = fs;
    this.destination = destination;
    this.jobId = jobId;
    this.mode = mode;
    this.orphanGraceMillis = orphanGraceMillis;
    this.workDir = workDirPath(destination, jobId);
  }

  /** The work directory (checkpoints) of job {@code safeJobId} writing to {@code destination}. */
  static Path workDirPath(Path destination, String safeJobId) {
    return new Path(destination, "_sluice_job-" + safeJobId);
  }

  /**
   * Checks the destination against {@code mode}; creates nothing (object stores have no
   * directories).
   *
   * @param resume keep the work directory (checkpoints) of an earlier run of the same job id
   * @param orphanGraceMillis unlisted files of other jobs younger than this survive garbage
   *     collection
   * @throws PlanException naming the destination when the mode forbids writing there
   */
  public static ManifestCommitProtocol prepare(
      FsConfig config,
      String destination,
      String jobId,
      WriteMode mode,
      boolean resume,
      long orphanGraceMillis)
      throws IOException {
    Path dest = FsPaths.toPath(destination);
    FileSystem fs = FileSystems.get(dest, config);
    dest = fs.makeQualified(dest);
    ManifestCommitProtocol p =
        new ManifestCommitProtocol(
            fs, dest, CommittedFiles.safeJobId(jobId), mode, orphanGraceMillis);
    p.checkDestination(resume);
    if (!resume) {
      fs.delete(p.workDir, true); // left over by a crashed run of this same job
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
  public WriteMode mode() {
    return mode;
  }

  @Override
  public Path workDir() {
    return workDir;
  }

  @Override
  public Path taskFile(int taskIndex, int attempt, int sequence, String extension) {
    return new Path(
        destination, CommittedFiles.partName(taskIndex, attempt, sequence, jobId, extension));
  }

  @Override
  public void deleteQuietly(Path path) {
    CommittedFiles.deleteQuietly(fs, path);
  }

  @Override
  public List<String> commit(List<WriteTaskResult> results) throws IOException {
    List<Manifest.Entry> mine = new ArrayList<>();
    for (CommittedFiles.File f :
        CommittedFiles.of(fs, destination, destination.toString(), results)) {
      WriteTaskResult r = f.result();
      Long rows = r.files().size() == 1 ? r.rows() : null;
      mine.add(new Manifest.Entry(f.name(), f.length(), rows, r.taskIndex(), r.attempt()));
    }
    Manifest old = Manifest.read(fs, destination).orElse(null);
    List<FileStatus> present = listVisible();
    Map<String, Manifest.Entry> listed = new HashMap<>();
    if (mode == WriteMode.APPEND) {
      if (old != null) {
        old.files().forEach(e -> listed.put(e.name(), e));
      } else {
        // no manifest: with _SUCCESS the files there are a committed output (staging protocol or
        // another writer) and stay; without it, Sluice part files are leftovers of jobs that never
        // committed, and only foreign files stay
        boolean committed = fs.exists(new Path(destination, SUCCESS_MARKER));
        for (FileStatus s : present) {
          String n = s.getPath().getName();
          if (!isOwn(n) && (committed || !SLUICE_PART.matcher(n).matches())) {
            listed.put(
                s.getPath().getName(),
                new Manifest.Entry(s.getPath().getName(), s.getLen(), null, -1, -1));
          }
        }
      }
    }
    for (Manifest.Entry e : mine) {
      if (listed.put(e.name(), e) != null) {
        throw new IOException(
            "cannot append: " + new Path(destination, e.name()) + " is already part of the output");
      }
    }
    List<Manifest.Entry> files = new ArrayList<>(listed.values());
    files.sort(Comparator.comparing(Manifest.Entry::name));
    long rows = results.stream().mapToLong(WriteTaskResult::rows).sum();
    if (mode == WriteMode.APPEND && old != null) {
      rows += old.rows();
    }
    Manifest manifest =
        new Manifest(1, jobId, mode.name(), System.currentTimeMillis(), rows, files);
    manifest.write(fs, destination);
    CommittedFiles.writeSuccess(
        fs, destination, jobId, mine.stream().map(Manifest.Entry::name).toList());
    collectGarbage(present, listed.keySet());
    deleteQuietly(workDir);
    List<String> published = new ArrayList<>();
    for (Manifest.Entry e : mine) {
      published.add(new Path(destination, e.name()).toString());
    }
    return published;
  }

  @Override
  public void abort() {
    Set<String> keep = new HashSet<>();
    try {
      Manifest.read(fs, destination).ifPresent(m -> m.files().forEach(e -> keep.add(e.name())));
      for (FileStatus s : listVisible()) {
        String name = s.getPath().getName();
        if (isOwn(name) && !keep.contains(name)) {
          deleteQuietly(s.getPath());
        }
      }
      deleteQuietly(workDir);
    } catch (IOException | RuntimeException e) {
      LOG.warn(
          "abort of job {} could not clean {}: {}; the next commit there collects the files",
          jobId,
          destination,
          e.toString());
    }
  }

  private void checkDestination(boolean resume) throws IOException {
    FileStatus st;
    try {
      st = fs.getFileStatus(destination);
    } catch (FileNotFoundException e) {
      return;
    }
    if (!st.isDirectory()) {
      throw new PlanException(
          "destination " + destination + " exists and is a file, not a directory");
    }
    if (resume && unfinishedCommitOfThisJob()) {
      // a run of this job died between its manifest and _SUCCESS: its checkpoints are still
      // there, so this run resumes every split and commits the same files again, then the marker
      LOG.warn(
          "{} holds job {}'s manifest without {}: an earlier run died inside its commit;"
              + " resuming it",
          destination,
          jobId,
          SUCCESS_MARKER);
      return;
    }
    // without a manifest, this job id's own part files are attempts of an earlier run of the same
    // job
    // that failed before its commit (and could not clean up, e.g. the store was down): not an
    // output
    if (mode == WriteMode.ERROR_IF_EXISTS
        && (fs.exists(new Path(destination, Manifest.FILE_NAME))
            || listVisible().stream().anyMatch(s -> !isOwn(s.getPath().getName())))) {
      throw new PlanException(
          "destination "
              + destination
              + " already exists and is not empty"
              + " (write mode ERROR_IF_EXISTS); choose another path or WriteMode.OVERWRITE / APPEND");
    }
  }

  /** Whether the destination's manifest is this job id's, with no {@code _SUCCESS} after it. */
  private boolean unfinishedCommitOfThisJob() throws IOException {
    Manifest m = Manifest.read(fs, destination).orElse(null);
    return m != null
        && jobId.equals(m.jobId())
        && !fs.exists(new Path(destination, SUCCESS_MARKER));
  }

  /** Data files (not hidden) directly in the destination; empty when it does not exist. */
  private List<FileStatus> listVisible() throws IOException {
    List<FileStatus> out = new ArrayList<>();
    try {
      for (FileStatus s : fs.listStatus(destination)) {
        if (!FsPaths.isHidden(s.getPath().getName())) {
          out.add(s);
        }
      }
    } catch (FileNotFoundException e) {
      return out;
    }
    return out;
  }

  private boolean isOwn(String name) {
    return name.startsWith("part-") && name.contains("-" + jobId + ".");
  }

  private void collectGarbage(List<FileStatus> present, Set<String> listed) {
    long cutoff = System.currentTimeMillis() - orphanGraceMillis;
    for (FileStatus s : present) {
      String name = s.getPath().getName();
      if (listed.contains(name)) {
        continue;
      }
      boolean orphan = name.startsWith("part-") && s.getModificationTime() <= cutoff;
      if (isOwn(name) || mode == WriteMode.OVERWRITE || orphan) {
        deleteQuietly(s.getPath());
      }
    }
  }

  @Override
  public String toString() {
    return "ManifestCommitProtocol[" + destination + ", job " + jobId + ", " + mode + "]";
  }
}
