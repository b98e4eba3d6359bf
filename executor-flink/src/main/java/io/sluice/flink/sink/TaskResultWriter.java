package io.sluice.flink.sink;

import io.sluice.api.OperatorException;
import io.sluice.api.spi.TaskWriter;
import io.sluice.api.spi.WriteJob;
import io.sluice.api.spi.WriteJobHandle;
import io.sluice.api.spi.WriteTaskResult;
import io.sluice.flink.block.ArrowBlock;
import io.sluice.flink.block.TaskAllocators;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.flink.api.connector.sink2.CommittingSinkWriter;
import org.apache.flink.api.connector.sink2.StatefulSinkWriter;

/**
 * One writer subtask, writing its rows in segments: a segment is one {@link TaskWriter} of the
 * driver's job, opened on the first row after a checkpoint and committed (its files closed) in the
 * next {@link #prepareCommit}, i.e. at the next checkpoint barrier or at the end of input. The
 * segment's {@link WriteTaskResult} is the committable Flink stores with that checkpoint, so the
 * rows before a barrier are in exactly the files of the segments committed up to it, and a restored
 * job rewrites only what came after.
 *
 * <p>Segments are the commit protocol's tasks: task index = {@code segment * subtasks + subtask},
 * so no two segments of a job share one, and attempt = Flink's attempt number, so a restarted
 * subtask's files never collide with a failed attempt's. The writer's state ({@link WriterState})
 * is the next segment number and the ledger of its segments so far: a restored writer continues
 * after the last segment its checkpoint knows of, and its last segment carries the whole ledger.
 * One task thread.
 */
final class TaskResultWriter
    implements CommittingSinkWriter<ArrowBlock, Segment>,
        StatefulSinkWriter<ArrowBlock, WriterState> {

  private final String operator;
  private final WriteJobHandle handle;
  private final int subtask;
  private final int subtasks;
  private final int attempt;
  private final BufferAllocator allocator;
  private long segment;
  private final ArrayList<WriteTaskResult> ledger;
  private WriteJob job;
  private TaskWriter writer;
  private boolean ended;
  private boolean endSent;

  /**
   * @param restored the state of a restored writer, or null for a new one
   */
  TaskResultWriter(
      String operator,
      WriteJobHandle handle,
      int subtask,
      int subtasks,
      int attempt,
      WriterState restored) {
    this.operator = operator;
    this.handle = handle;
    this.subtask = subtask;
    this.subtasks = subtasks;
    this.attempt = attempt;
    this.segment = restored == null ? 0 : restored.nextSegment();
    this.ledger = restored == null ? new ArrayList<>() : new ArrayList<>(restored.segments());
    this.allocator = TaskAllocators.child(operator + "#" + subtask);
  }

  private int taskIndex() {
    long index = segment * subtasks + subtask;
    if (index > Integer.MAX_VALUE) {
      throw new OperatorException(
          operator,
          "writer subtask "
              + subtask
              + " ran out of segment numbers ("
              + segment
              + " checkpoints); raise the checkpoint interval",
          null);
    }
    return (int) index;
  }

  private TaskWriter writer() throws IOException {
    if (writer == null) {
      if (job == null) {
        job = handle.reopen();
      }
      writer = job.openTask(taskIndex(), attempt);
    }
    return writer;
  }

  @Override
  public void write(ArrowBlock block, Context context) throws IOException {
    try (VectorSchemaRoot batch = block.decode(allocator)) {
      writer().write(batch);
    } catch (IOException | RuntimeException e) {
      throw failure("writing task " + taskIndex() + " (attempt " + attempt + ")", e);
    }
  }

  /** Files are closed in {@link #prepareCommit}, which Flink calls right after this. */
  @Override
  public void flush(boolean endOfInput) {
    ended |= endOfInput;
  }

  /**
   * Commits the open segment (if any rows reached it) as this checkpoint's committable; at the end
   * of input the segment is marked last, with or without rows, once.
   */
  @Override
  public Collection<Segment> prepareCommit() throws IOException {
    boolean last = ended && !endSent;
    endSent |= last;
    if (writer == null) {
      // No rows since the last checkpoint: no attempt files, only the end mark if this is the end.
      return last ? List.of(Segment.last(subtask, null, ledger)) : List.of();
    }
    TaskWriter w = writer;
    writer = null;
    int index = taskIndex();
    segment++;
    WriteTaskResult result;
    try {
      result = w.commit();
    } catch (IOException | RuntimeException e) {
      w.abort();
      throw failure("committing task " + index + " (attempt " + attempt + ")", e);
    }
    ledger.add(result);
    return List.of(last ? Segment.last(subtask, result, ledger) : Segment.of(subtask, result));
  }

  /**
   * Next segment number and ledger; Flink takes them after {@link #prepareCommit} of the same
   * checkpoint.
   */
  @Override
  public List<WriterState> snapshotState(long checkpointId) {
    return List.of(new WriterState(segment, new ArrayList<>(ledger)));
  }

  private OperatorException failure(String what, Exception e) {
    if (e instanceof OperatorException oe) {
      return oe;
    }
    return new OperatorException(
        operator, what + ": " + (e.getMessage() == null ? e : e.getMessage()), e);
  }

  /** Deletes the files of a segment not committed (a cancelled or failed attempt). */
  @Override
  public void close() {
    try {
      if (writer != null) {
        writer.abort();
        writer = null;
      }
    } finally {
      allocator.close();
    }
  }
}
