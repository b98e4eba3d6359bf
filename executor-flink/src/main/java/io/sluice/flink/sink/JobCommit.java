package io.sluice.flink.sink;

import io.sluice.api.PlanException;
import io.sluice.api.SluiceException;
import io.sluice.api.spi.ResumableWriteJob;
import io.sluice.api.spi.WriteJob;
import io.sluice.api.spi.WriteResult;
import io.sluice.api.spi.WriteTaskResult;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The last phase of {@link SluiceSink}, on the driver: after the Flink job succeeded, reads every
 * writer subtask's recorded ledger and publishes exactly those segments with one {@code
 * WriteJob.commit}. Reading the records drops every attempt file no ledger names.
 */
public final class JobCommit {

  private JobCommit() {}

  /**
   * The job as the sink needs it (its ledgers go to the job's checkpoint store), or a plan-time
   * error.
   */
  public static ResumableWriteJob checkSupported(WriteJob job, String sink, String destination) {
    if (job instanceof ResumableWriteJob rj && job.handle().isPresent()) {
      return rj;
    }
    throw new PlanException(
        "sink "
            + sink
            + " ("
            + destination
            + ") cannot be written from a Flink cluster (its"
            + " write job cannot be reopened by remote workers and record their output); write Parquet, or run this job"
            + " on Sluice.local()");
  }

  /**
   * Publishes what the {@code writers} subtasks recorded.
   *
   * @throws SluiceException naming the writer subtasks whose ledger is missing (nothing is
   *     published then)
   */
  public static WriteResult publish(
      ResumableWriteJob job, int writers, String flinkJob, String destination) throws IOException {
    Set<String> names = new TreeSet<>();
    for (int i = 0; i < writers; i++) {
      names.add(SluiceSink.ledgerName(i));
    }
    Map<String, List<WriteTaskResult>> ledgers = job.recover(names);
    if (!ledgers.keySet().containsAll(names)) {
      Set<String> missing = new TreeSet<>(names);
      missing.removeAll(ledgers.keySet());
      throw new SluiceException(
          "Flink job "
              + flinkJob
              + " ended, but writers "
              + missing
              + " recorded no output for "
              + destination
              + "; nothing was published");
    }
    List<WriteTaskResult> all = new ArrayList<>();
    ledgers.values().forEach(all::addAll);
    all.sort(Comparator.comparingInt(WriteTaskResult::taskIndex));
    return job.commit(all);
  }
}
