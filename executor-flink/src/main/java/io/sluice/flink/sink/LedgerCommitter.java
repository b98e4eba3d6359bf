package io.sluice.flink.sink;

import io.sluice.api.spi.ResumableWriteJob;
import io.sluice.api.spi.WriteJob;
import io.sluice.api.spi.WriteJobHandle;
import java.io.IOException;
import java.util.Collection;
import org.apache.flink.api.connector.sink2.Committer;

/**
 * The second phase, run when a checkpoint completes. A segment's attempt files are complete once
 * its writer closed them and nothing is visible before the one job commit, so an ordinary segment
 * needs nothing more: the writer's ledger in the completed checkpoint already holds it. A writer's
 * last segment (its whole ledger) is recorded durably in the job's staging area, under {@link
 * #recordName(int)}, through the write job's checkpoint store; the driver's job commit reads those
 * records. Recording is idempotent (the same content under the same name), so a commit Flink
 * repeats after a restore changes nothing.
 */
final class LedgerCommitter implements Committer<Segment> {

  private final WriteJobHandle handle;
  private ResumableWriteJob job;

  LedgerCommitter(WriteJobHandle handle) {
    this.handle = handle;
  }

  /** The name a writer subtask's ledger is recorded under. */
  static String recordName(int subtask) {
    return "flink-writer-" + subtask;
  }

  @Override
  public void commit(Collection<CommitRequest<Segment>> requests) throws IOException {
    for (CommitRequest<Segment> r : requests) {
      Segment s = r.getCommittable();
      if (s.last()) {
        job().checkpoint(recordName(s.subtask()), s.all());
      }
    }
  }

  private ResumableWriteJob job() throws IOException {
    if (job == null) {
      WriteJob reopened = handle.reopen();
      if (!(reopened instanceof ResumableWriteJob rj)) {
        throw new IOException(
            "the write job " + reopened + " cannot record its writers' output for the job commit");
      }
      job = rj;
    }
    return job;
  }

  @Override
  public void close() {}
}
