package io.sluice.connectors.fs;

import io.sluice.api.spi.WriteMode;
import io.sluice.api.spi.WriteTaskResult;
import java.io.IOException;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * How a file sink makes one job's output visible atomically, whatever the format. Chosen per
 * destination by {@link CommitProtocols#prepare}: {@link StagingCommitProtocol} (staging directory
 * plus one rename) where rename is cheap and atomic, {@link ManifestCommitProtocol} (final keys
 * plus a manifest) on object stores, where rename is a copy. See {@code docs/commit-protocol.md}.
 *
 * <p>Call-order rules: created on the driver (checking the destination against the write mode);
 * {@link #taskFile} and {@link #deleteQuietly} from any task thread; then exactly one of {@link
 * #commit} or {@link #abort} on the driver, after every task has finished.
 */
public interface CommitProtocol {

  /** The marker written last by a successful commit. */
  String SUCCESS_MARKER = "_SUCCESS";

  FileSystem fileSystem();

  /** The qualified destination directory. */
  Path destination();

  WriteMode mode();

  /**
   * A hidden directory of this job for its own records (checkpoints of resumable jobs), on the
   * destination's file system; readers never see it, and commit removes it.
   */
  Path workDir();

  /**
   * Where a task attempt writes its {@code sequence}-th file, unique per job, task, attempt and
   * sequence, e.g. {@code part-00003-a1-002-<job>.parquet}.
   */
  Path taskFile(int taskIndex, int attempt, int sequence, String extension);

  /** Deletes a file or directory, logging instead of throwing (task abort, cleanup). */
  void deleteQuietly(Path path);

  /**
   * Publishes exactly the files of {@code results} (one attempt per task) and writes {@code
   * _SUCCESS} last; files of other attempts are never published.
   *
   * @return the published files' paths, sorted
   */
  List<String> commit(List<WriteTaskResult> results) throws IOException;

  /** Discards what this job wrote; never throws. Output of earlier commits stays. */
  void abort();
}
