package io.sluice.flink.source;

import io.sluice.api.OperatorException;
import io.sluice.api.spi.BatchReader;
import io.sluice.flink.block.ArrowBlock;
import io.sluice.flink.block.TaskAllocators;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.flink.api.connector.source.ReaderOutput;
import org.apache.flink.api.connector.source.SourceReader;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.core.io.InputStatus;

/**
 * Reads the splits assigned to one source subtask, one batch per {@link #pollNext} call, and asks
 * the enumerator for the next split when one ends. Reads block the task thread (file reads are short
 * and Flink's backpressure still applies between calls). Errors name the operator and the split, as
 * the local backend's read operator does.
 */
final class ReadTaskReader implements SourceReader<ArrowBlock, ReadTaskSplit> {

  private final SourceReaderContext context;
  private final String operator;
  private final long targetBatchBytes;
  private final ArrayDeque<ReadTaskSplit> assigned = new ArrayDeque<>();
  private BufferAllocator allocator;
  private ReadTaskSplit current;
  private BatchReader reader;
  private boolean noMoreSplits;
  private boolean requested;
  private CompletableFuture<Void> available = new CompletableFuture<>();

  ReadTaskReader(SourceReaderContext context, String operator, long targetBatchBytes) {
    this.context = context;
    this.operator = operator;
    this.targetBatchBytes = targetBatchBytes;
  }

  @Override
  public void start() {
    allocator = TaskAllocators.child(operator + "#" + context.getIndexOfSubtask());
    request();
  }

  private void request() {
    if (!requested && !noMoreSplits) {
      requested = true;
      context.sendSplitRequest();
    }
  }

  @Override
  public InputStatus pollNext(ReaderOutput<ArrowBlock> output) throws Exception {
    while (true) {
      if (reader == null) {
        current = assigned.poll();
        if (current == null) {
          if (noMoreSplits) {
            return InputStatus.END_OF_INPUT;
          }
          request();
          available = new CompletableFuture<>();
          return InputStatus.NOTHING_AVAILABLE;
        }
        reader = open(current);
      }
      VectorSchemaRoot batch = next();
      if (batch == null) {
        closeReader();
        continue;
      }
      try (batch) {
        if (batch.getRowCount() > 0) {
          output.collect(ArrowBlock.encode(batch));
          return InputStatus.MORE_AVAILABLE;
        }
      }
    }
  }

  private BatchReader open(ReadTaskSplit split) {
    try {
      return split.task().open(allocator, targetBatchBytes);
    } catch (Exception e) {
      throw readFailure(split, e);
    }
  }

  private VectorSchemaRoot next() {
    try {
      return reader.next();
    } catch (Exception e) {
      throw readFailure(current, e);
    }
  }

  private OperatorException readFailure(ReadTaskSplit split, Exception e) {
    if (e instanceof OperatorException oe) {
      return oe;
    }
    String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    return new OperatorException(operator, "reading " + split.task().describe() + " (after 1 attempts): " + msg, e);
  }

  private void closeReader() throws Exception {
    BatchReader r = reader;
    reader = null;
    current = null;
    requested = false;
    r.close();
  }

  @Override
  public List<ReadTaskSplit> snapshotState(long checkpointId) {
    // A split being read restarts from its beginning after a restore (read tasks are repeatable).
    List<ReadTaskSplit> state = new ArrayList<>();
    if (current != null) {
      state.add(current);
    }
    state.addAll(assigned);
    return state;
  }

  @Override
  public CompletableFuture<Void> isAvailable() {
    return available;
  }

  @Override
  public void addSplits(List<ReadTaskSplit> splits) {
    assigned.addAll(splits);
    requested = false;
    available.complete(null);
  }

  @Override
  public void notifyNoMoreSplits() {
    noMoreSplits = true;
    available.complete(null);
  }

  @Override
  public void close() throws Exception {
    try {
      if (reader != null) {
        closeReader();
      }
    } finally {
      if (allocator != null) {
        allocator.close();
      }
    }
  }
}
