package io.sluice.flink.sink;

import io.sluice.api.spi.WriteJobHandle;
import io.sluice.flink.block.ArrowBlock;
import io.sluice.flink.source.JavaSerializer;
import java.util.Collection;
import java.util.Comparator;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.api.connector.sink2.CommitterInitContext;
import org.apache.flink.api.connector.sink2.CommittingSinkWriter;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;
import org.apache.flink.api.connector.sink2.SupportsCommitter;
import org.apache.flink.api.connector.sink2.SupportsWriterState;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * Sluice's commit protocol as an exactly-once Flink Sink V2 with two phases. Writers are {@code
 * TaskWriter}s of the job the driver created (reopened from its {@link WriteJobHandle}).
 *
 * <ol>
 *   <li>Pre-commit, at every checkpoint barrier and at the end of input: each writer subtask closes
 *       the attempt files of the segment it wrote since the last one ({@link TaskResultWriter}) and
 *       adds it to its ledger, which is the writer's checkpointed state; the segment is the
 *       committable ({@link Segment}).
 *   <li>Commit, when the checkpoint completes ({@link LedgerCommitter}): a writer's last segment
 *       records its whole ledger in the job's staging area, idempotently.
 *   <li>The job commit, once, on the driver, after the Flink job succeeded: {@code WriteJob.commit}
 *       with exactly the recorded ledgers of every writer subtask (see {@code FlinkBackend});
 *       attempt files no ledger names (failed attempts, segments after the restored checkpoint) are
 *       dropped.
 * </ol>
 *
 * <p>So across a failover restored from checkpoint {@code n} the ledgers hold the segments up to
 * {@code n}, the restored sources resume right after the rows of checkpoint {@code n}, and a job
 * that fails for good publishes nothing (the driver aborts the write). The job commit runs on the
 * driver rather than in a post-commit topology because Flink delivers committed committables
 * downstream only after the end of data, when no operator could still act on them.
 */
public final class SluiceSink
    implements Sink<ArrowBlock>,
        SupportsCommitter<Segment>,
        SupportsWriterState<ArrowBlock, WriterState> {

  private static final long serialVersionUID = 1L;
  private final String operator;
  private final WriteJobHandle handle;

  /**
   * @param operator the sink's operator name
   * @param handle the job the driver created
   */
  public SluiceSink(String operator, WriteJobHandle handle) {
    this.operator = operator;
    this.handle = handle;
  }

  /**
   * The name writer subtask {@code subtask}'s ledger is recorded under in the job's checkpoint
   * store.
   */
  public static String ledgerName(int subtask) {
    return LedgerCommitter.recordName(subtask);
  }

  @Override
  public CommittingSinkWriter<ArrowBlock, Segment> createWriter(WriterInitContext context) {
    return writer(context, null);
  }

  /**
   * A writer after a restore: it continues the ledger (and segment numbers) its checkpoint holds.
   */
  @Override
  public StatefulSinkWriter<ArrowBlock, WriterState> restoreWriter(
      WriterInitContext context, Collection<WriterState> states) {
    // With the sink's parallelism unchanged each subtask gets back its own single state.
    return writer(
        context,
        states.stream().max(Comparator.comparingLong(WriterState::nextSegment)).orElse(null));
  }

  private TaskResultWriter writer(WriterInitContext context, WriterState restored) {
    return new TaskResultWriter(
        operator,
        handle,
        context.getTaskInfo().getIndexOfThisSubtask(),
        context.getTaskInfo().getNumberOfParallelSubtasks(),
        context.getTaskInfo().getAttemptNumber(),
        restored);
  }

  @Override
  public SimpleVersionedSerializer<WriterState> getWriterStateSerializer() {
    return new JavaSerializer<>();
  }

  @Override
  public Committer<Segment> createCommitter(CommitterInitContext context) {
    return new LedgerCommitter(handle);
  }

  @Override
  public SimpleVersionedSerializer<Segment> getCommittableSerializer() {
    return new JavaSerializer<>();
  }
}
