package io.sluice.flink.source;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.flink.api.connector.source.SplitEnumerator;
import org.apache.flink.api.connector.source.SplitEnumeratorContext;

/**
 * Hands out read splits on request, one per request, in plan order; a reader that finishes a split
 * asks again. When none are left it tells the asking reader there will be no more. Splits of a
 * failed reader come back and go to the next asker. Runs on the enumerator thread (Flink calls it
 * serially).
 */
final class LazySplitEnumerator
    implements SplitEnumerator<ReadTaskSplit, ArrayList<ReadTaskSplit>> {

  private final SplitEnumeratorContext<ReadTaskSplit> context;
  private final ArrayDeque<ReadTaskSplit> pending;

  LazySplitEnumerator(
      SplitEnumeratorContext<ReadTaskSplit> context, Collection<ReadTaskSplit> splits) {
    this.context = context;
    this.pending = new ArrayDeque<>(splits);
  }

  @Override
  public void start() {}

  @Override
  public void handleSplitRequest(int subtask, String host) {
    ReadTaskSplit next = pending.poll();
    if (next == null) {
      context.signalNoMoreSplits(subtask);
    } else {
      context.assignSplit(next, subtask);
    }
  }

  @Override
  public void addSplitsBack(List<ReadTaskSplit> splits, int subtask) {
    for (int i = splits.size() - 1; i >= 0; i--) {
      pending.addFirst(splits.get(i));
    }
  }

  @Override
  public void addReader(int subtask) {
    // Readers ask for their first split themselves (ReadTaskReader.start()).
  }

  @Override
  public ArrayList<ReadTaskSplit> snapshotState(long checkpointId) {
    return new ArrayList<>(pending);
  }

  @Override
  public void close() {}
}
