package io.sluice.cli;

import io.sluice.api.spi.WriteMode;
import io.sluice.cli.job.JobFileException;
import io.sluice.cli.job.ResolvedJob;
import io.sluice.connectors.fs.CommitProtocols;
import io.sluice.connectors.fs.FsConfig;
import java.io.IOException;

/** Whether a {@code sluice run} resumes from checkpoints, and whether its date is already done. */
final class Resumption {

  private static final String KEY = "execution.resumable";

  private Resumption() {}

  /**
   * Resumable unless the job says otherwise; only Parquet sinks can resume, and not on a Flink
   * cluster yet (asking for it there is a job-file error naming the line).
   */
  static boolean resumable(ResolvedJob job, boolean onCluster) {
    Boolean asked = job.spec().execution().resumable();
    int line = job.lineOf("/execution/resumable");
    if (onCluster) {
      if (Boolean.TRUE.equals(asked)) {
        throw new JobFileException(
            job.file(),
            line,
            KEY,
            "the Flink backend (--cluster) cannot resume writes yet"
                + " (set resumable: false, or run without --cluster)");
      }
      return false;
    }
    boolean parquet = job.spec().sink().format().equals("parquet");
    if (Boolean.TRUE.equals(asked) && !parquet) {
      throw new JobFileException(
          job.file(),
          line,
          KEY,
          "only parquet sinks can resume; the sink is "
              + job.spec().sink().format()
              + " (set resumable: false)");
    }
    return asked != null ? asked : parquet;
  }

  /**
   * Whether the output holds a commit by this very job id (its {@code _SUCCESS} names it): a
   * scheduler re-running a finished date then gets 0 at once instead of a destination-exists error.
   */
  static boolean alreadyCommitted(ResolvedJob job, FsConfig config) {
    if (job.spec().sink().mode() == WriteMode.APPEND) {
      return false; // appending again is what was asked for
    }
    try {
      return CommitProtocols.committedBy(config, job.spec().sink().path(), job.jobId());
    } catch (IOException e) {
      return false; // the run itself will report what is wrong with the storage
    }
  }
}
