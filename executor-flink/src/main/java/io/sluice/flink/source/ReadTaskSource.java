package io.sluice.flink.source;

import io.sluice.api.spi.ReadTask;
import io.sluice.flink.block.ArrowBlock;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.connector.source.Boundedness;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;
import org.apache.flink.core.io.SimpleVersionedSerializer;

/**
 * A bounded FLIP-27 source over a connector's planned {@link ReadTask}s: each task is one split,
 * handed out one at a time to whichever reader asks next, so fast readers take more.
 *
 * @param operator the operator name errors and stats use
 * @param tasks the tasks the driver planned (projection and limit already pushed into the source)
 * @param targetBatchBytes the batch size readers aim for
 * @param maxRetries further attempts a failed read task gets
 * @param backoffMillis the wait before the first retry (doubling per attempt)
 */
public record ReadTaskSource(
    String operator,
    List<ReadTask> tasks,
    long targetBatchBytes,
    int maxRetries,
    long backoffMillis)
    implements Source<ArrowBlock, ReadTaskSplit, ArrayList<ReadTaskSplit>> {

  public ReadTaskSource {
    tasks = List.copyOf(tasks);
  }

  @Override
  public Boundedness getBoundedness() {
    return Boundedness.BOUNDED;
  }

  @Override
  public SplitEnumerator<ReadTaskSplit, ArrayList<ReadTaskSplit>> createEnumerator(
      SplitEnumeratorContext<ReadTaskSplit> context) {
    List<ReadTaskSplit> splits = new ArrayList<>();
    for (int i = 0; i < tasks.size(); i++) {
      splits.add(new ReadTaskSplit(i, tasks.get(i)));
    }
    return new LazySplitEnumerator(context, splits);
  }

  @Override
  public SplitEnumerator<ReadTaskSplit, ArrayList<ReadTaskSplit>> restoreEnumerator(
      SplitEnumeratorContext<ReadTaskSplit> context, ArrayList<ReadTaskSplit> pending) {
    return new LazySplitEnumerator(context, pending);
  }

  @Override
  public SimpleVersionedSerializer<ReadTaskSplit> getSplitSerializer() {
    return new JavaSerializer<>();
  }

  @Override
  public SimpleVersionedSerializer<ArrayList<ReadTaskSplit>> getEnumeratorCheckpointSerializer() {
    return new JavaSerializer<>();
  }

  @Override
  public SourceReader<ArrowBlock, ReadTaskSplit> createReader(SourceReaderContext context) {
    return new ReadTaskReader(context, operator, targetBatchBytes, maxRetries, backoffMillis);
  }
}
