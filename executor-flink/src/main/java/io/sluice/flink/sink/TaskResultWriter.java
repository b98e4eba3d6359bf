package io.sluice.flink.sink;

import io.sluice.api.OperatorException;
import io.sluice.api.spi.TaskWriter;
import io.sluice.api.spi.WriteJob;
import io.sluice.api.spi.WriteJobHandle;
import io.sluice.api.spi.WriteTaskResult;
import io.sluice.flink.block.ArrowBlock;
import io.sluice.flink.block.TaskAllocators;
import java.io.IOException;
import java.util.Collection;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.flink.api.connector.sink2.CommittingSinkWriter;

/**
 * One writer subtask: a {@link TaskWriter} of the driver's job, task index = subtask, attempt =
 * Flink's attempt number, so a re-run subtask writes new attempt files. At the end of input it
 * commits the task attempt and hands its {@link WriteTaskResult} on as the committable; before that
 * it hands on nothing. One task thread.
 */
final class TaskResultWriter implements CommittingSinkWriter<ArrowBlock, WriteTaskResult> {

  private final String operator;
  private final WriteJobHandle handle;
  private final int taskIndex;
  private final int attempt;
  private final BufferAllocator allocator;
  private TaskWriter writer;
  private boolean ended;
  private boolean committed;

  TaskResultWriter(String operator, WriteJobHandle handle, int taskIndex, int attempt) {
    this.operator = operator;
    this.handle = handle;
    this.taskIndex = taskIndex;
    this.attempt = attempt;
    this.allocator = TaskAllocators.child(operator + "#" + taskIndex);
  }

  private TaskWriter writer() throws IOException {
    if (writer == null) {
      WriteJob job = handle.reopen();
      writer = job.openTask(taskIndex, attempt);
    }
    return writer;
  }

  @Override
  public void write(ArrowBlock block, Context context) throws IOException {
    try (VectorSchemaRoot batch = block.decode(allocator)) {
      writer().write(batch);
    } catch (IOException | RuntimeException e) {
      throw failure("writing task " + taskIndex + " (attempt " + attempt + ")", e);
    }
  }

  @Override
  public void flush(boolean endOfInput) {
    ended |= endOfInput;
  }

  @Override
  public Collection<WriteTaskResult> prepareCommit() throws IOException {
    if (!ended || committed) {
      return List.of();
    }
    committed = true;
    if (writer == null) {
      return List.of(); // no rows reached this subtask: no attempt files
    }
    try {
      return List.of(writer().commit());
    } catch (IOException | RuntimeException e) {
      throw failure("committing task " + taskIndex + " (attempt " + attempt + ")", e);
    }
  }

  private OperatorException failure(String what, Exception e) {
    if (e instanceof OperatorException oe) {
      return oe;
    }
    return new OperatorException(operator, what + ": " + (e.getMessage() == null ? e : e.getMessage()), e);
  }

  @Override
  public void close() {
    try {
      if (writer != null && !committed) {
        writer.abort();
      }
    } finally {
      allocator.close();
    }
  }
}
