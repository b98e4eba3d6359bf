package io.sluice.flink.sink;

import io.sluice.api.OperatorException;
import io.sluice.api.spi.WriteJobHandle;
import io.sluice.api.spi.WriteResult;
import io.sluice.api.spi.WriteTaskResult;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.accumulators.ListAccumulator;
import org.apache.flink.streaming.api.connector.sink2.CommittableMessage;
import org.apache.flink.streaming.api.connector.sink2.CommittableWithLineage;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * The job commit, run once (parallelism 1): gathers every writer's {@link WriteTaskResult} and, when
 * all writers have ended, publishes exactly those through {@code WriteJob.commit}. A job that fails
 * earlier never gets here, so nothing is published; the driver then aborts the job.
 */
final class PublishOperator extends AbstractStreamOperator<Void>
    implements OneInputStreamOperator<CommittableMessage<WriteTaskResult>, Void>, BoundedOneInput {

  private static final long serialVersionUID = 1L;
  private final String operator;
  private final WriteJobHandle handle;
  private final String accumulator;
  private final boolean publishOnDriver;
  private transient List<WriteTaskResult> results;

  PublishOperator(String operator, WriteJobHandle handle, String accumulator, boolean publishOnDriver) {
    this.publishOnDriver = publishOnDriver;
    this.operator = operator;
    this.handle = handle;
    this.accumulator = accumulator;
  }

  @Override
  public void open() throws Exception {
    super.open();
    results = new ArrayList<>();
  }

  @Override
  public void processElement(StreamRecord<CommittableMessage<WriteTaskResult>> element) {
    if (element.getValue() instanceof CommittableWithLineage<WriteTaskResult> c) {
      results.add(c.getCommittable());
    }
  }

  @Override
  public void endInput() throws Exception {
    results.sort(java.util.Comparator.comparingInt(WriteTaskResult::taskIndex));
    if (publishOnDriver) {
      ListAccumulator<WriteTaskResult> gathered = new ListAccumulator<>();
      results.forEach(gathered::add);
      getRuntimeContext().addAccumulator(accumulator, gathered);
      return;
    }
    long start = System.nanoTime();
    WriteResult published;
    try {
      published = handle.reopen().commit(results);
    } catch (Exception e) {
      throw e instanceof OperatorException oe ? oe
          : new OperatorException(operator, "publishing " + results.size() + " task results: " + e.getMessage(), e);
    }
    ListAccumulator<PublishedWrite> acc = new ListAccumulator<>();
    acc.add(PublishedWrite.of(published));
    getRuntimeContext().addAccumulator(accumulator, acc);
    new io.sluice.flink.stage.OperatorCounters(getRuntimeContext(), operator)
        .call(start, published.rows(), published.rows(), published.bytes());
  }
}
