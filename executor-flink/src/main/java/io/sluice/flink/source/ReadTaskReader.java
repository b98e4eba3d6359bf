package io.sluice.flink.source;

import io.sluice.api.OperatorException;
import io.sluice.api.PlanException;
import io.sluice.api.arrow.Batches;
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
 * the enumerator for the next split when one ends. Reads block the task thread (file reads are
 * short and Flink's backpressure still applies between calls). A failed read is retried in place as
 * the local read operator does (up to {@code maxRetries} more attempts, backoff doubling from
 * {@code backoffMillis}, rows already emitted skipped: read tasks are repeatable); the final error
 * names the operator, the split and the attempts, in the local backend's words.
 */
final class ReadTaskReader implements SourceReader<ArrowBlock, ReadTaskSplit> {

  private final SourceReaderContext context;
  private final String operator;
  private final long targetBatchBytes;
  private final int maxRetries;
  private final long backoffMillis;
  private final ArrayDeque<ReadTaskSplit> assigned = new ArrayDeque<>();
  private BufferAllocator allocator;
  private ReadTaskSplit current;
  private BatchReader reader;
  private boolean noMoreSplits;
  private boolean requested;
  private int attempt;
  private long emittedRows;
  private long skipRows;
  private CompletableFuture<Void> available = new CompletableFuture<>();

  ReadTaskReader(
      SourceReaderContext context,
      String operator,
      long targetBatchBytes,
      int maxRetries,
      long backoffMillis) {
    this.context = context;
    this.operator = operator;
    this.targetBatchBytes = targetBatchBytes;
    this.maxRetries = maxRetries;
    this.backoffMillis = backoffMillis;
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
      if (reader == null && current == null) {
        current = assigned.poll();
        if (current == null) {
          if (noMoreSplits) {
            return InputStatus.END_OF_INPUT;
          }
          request();
          available = new CompletableFuture<>();
          return InputStatus.NOTHING_AVAILABLE;
        }
        attempt = 0;
        emittedRows = current.emittedRows();
        skipRows = current.emittedRows();
      }
      VectorSchemaRoot batch;
      try {
        if (reader == null) {
          reader = current.task().open(allocator, targetBatchBytes);
        }
        batch = reader.next();
      } catch (Exception e) {
        retryOrFail(e);
        continue;
      }
      if (batch == null) {
        closeReader();
        current = null;
        requested = false;
        continue;
      }
      try (VectorSchemaRoot b = batch) {
        VectorSchemaRoot rest = skipAlreadyEmitted(b);
        if (rest != null) {
          try (rest) {
            emittedRows += rest.getRowCount();
            output.collect(ArrowBlock.encode(rest));
            return InputStatus.MORE_AVAILABLE;
          }
        }
      }
    }
  }

  /**
   * The part of a re-read batch not emitted by an earlier attempt (a new slice), or null when none
   * is.
   */
  private VectorSchemaRoot skipAlreadyEmitted(VectorSchemaRoot batch) {
    int rows = batch.getRowCount();
    if (skipRows >= rows) {
      skipRows -= rows;
      return null;
    }
    int from = (int) skipRows;
    skipRows = 0;
    return Batches.slice(batch, from, rows - from, allocator);
  }

  private void retryOrFail(Exception e) throws Exception {
    if (reader != null) {
      try {
        closeReader();
      } catch (Exception suppressed) {
        e.addSuppressed(suppressed);
      }
    }
    if (attempt >= maxRetries || e instanceof PlanException) {
      if (e instanceof OperatorException oe) {
        throw oe;
      }
      String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
      throw new OperatorException(
          operator,
          "reading "
              + current.task().describe()
              + " (after "
              + (attempt + 1)
              + " attempts): "
              + msg,
          e);
    }
    Thread.sleep(Math.min(30_000, backoffMillis << Math.min(20, attempt)));
    attempt++;
    skipRows = emittedRows;
  }

  private void closeReader() throws Exception {
    BatchReader r = reader;
    reader = null;
    r.close();
  }

  @Override
  public List<ReadTaskSplit> snapshotState(long checkpointId) {
    // The split being read is restored with the rows it already emitted (they are downstream of the
    // barrier that follows), so the restored reader re-opens it and skips exactly those.
    List<ReadTaskSplit> state = new ArrayList<>();
    if (current != null) {
      state.add(new ReadTaskSplit(current.index(), current.task(), emittedRows));
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
