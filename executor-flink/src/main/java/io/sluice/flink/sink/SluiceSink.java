package io.sluice.flink.sink;

import io.sluice.api.spi.WriteJobHandle;
import io.sluice.api.spi.WriteTaskResult;
import io.sluice.flink.block.ArrowBlock;
import io.sluice.flink.source.JavaSerializer;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Committer;
import org.apache.flink.api.connector.sink2.CommitterInitContext;
import org.apache.flink.api.connector.sink2.CommittingSinkWriter;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SupportsCommitter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.streaming.api.connector.sink2.CommittableMessage;
import org.apache.flink.streaming.api.connector.sink2.SupportsPostCommitTopology;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/**
 * Sluice's commit protocol as a Flink Sink V2. Writers are {@code TaskWriter}s of the job the driver
 * created (reopened from its {@link WriteJobHandle}); each writer subtask's attempt files become one
 * committable, a {@link WriteTaskResult}, at the end of its input. The per-subtask committer only
 * passes them on: publishing needs every task's result at once, so a post-commit topology of
 * parallelism 1 ({@link PublishOperator}) calls {@code WriteJob.commit} once, after all writers ended,
 * and reports the published result through an accumulator.
 *
 * <p>Checkpointing must be off for this sink (the backend runs without it): in-progress attempt files
 * are not part of a checkpoint, so a failed job restarts from nothing and its attempts are discarded.
 */
public final class SluiceSink
    implements Sink<ArrowBlock>, SupportsCommitter<WriteTaskResult>, SupportsPostCommitTopology<WriteTaskResult> {

  private static final long serialVersionUID = 1L;
  private final String operator;
  private final WriteJobHandle handle;
  private final String accumulator;
  private final String slotSharingGroup;
  private final boolean publishOnDriver;

  /**
   * @param operator the sink's operator name
   * @param handle the job the driver created
   * @param accumulator the accumulator the published {@code WriteResult} is reported under
   * @param slotSharingGroup where the publish step runs (with the CPU stages)
   */
  public SluiceSink(String operator, WriteJobHandle handle, String accumulator, String slotSharingGroup) {
    this(operator, handle, accumulator, slotSharingGroup, false);
  }

  /**
   * @param publishOnDriver whether the publish step only gathers the task results and reports them
   *     through {@code accumulator} (as a list of {@code WriteTaskResult}s), leaving the commit to the
   *     driver: what a job under {@code ErrorPolicy.skip} needs, whose error budget is summed over all
   *     subtasks only once the job ended
   */
  public SluiceSink(String operator, WriteJobHandle handle, String accumulator, String slotSharingGroup,
      boolean publishOnDriver) {
    this.publishOnDriver = publishOnDriver;
    this.slotSharingGroup = slotSharingGroup;
    this.operator = operator;
    this.handle = handle;
    this.accumulator = accumulator;
  }

  @Override
  public CommittingSinkWriter<ArrowBlock, WriteTaskResult> createWriter(WriterInitContext context) {
    return new TaskResultWriter(operator, handle, context.getTaskInfo().getIndexOfThisSubtask(),
        context.getTaskInfo().getAttemptNumber());
  }

  @Override
  public Committer<WriteTaskResult> createCommitter(CommitterInitContext context) {
    return new PassThroughCommitter();
  }

  @Override
  public SimpleVersionedSerializer<WriteTaskResult> getCommittableSerializer() {
    return new JavaSerializer<>();
  }

  @Override
  public void addPostCommitTopology(DataStream<CommittableMessage<WriteTaskResult>> committables) {
    committables.global()
        .transform("Publish " + operator, Types.VOID, new PublishOperator(operator, handle, accumulator, publishOnDriver))
        .setParallelism(1).setMaxParallelism(1).slotSharingGroup(slotSharingGroup)
        .sinkTo(new DiscardingSink<>()).setParallelism(1).name("Published " + operator)
        .slotSharingGroup(slotSharingGroup);
  }
}
