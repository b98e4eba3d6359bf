package io.sluice.executor.op;

import io.sluice.api.spi.BatchReader;
import io.sluice.api.spi.Datasource;
import io.sluice.api.spi.ReadTask;
import java.util.List;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * A source: runs the datasource's read tasks on the CPU pool, in plan order, streaming each task's
 * blocks out as they are read. Stops starting tasks when cancelled (a satisfied limit downstream).
 */
public final class ReadOperator extends AbstractOperator {

  private final Datasource source;
  private List<ReadTask> tasks;
  private int next;
  private long completedBytes;
  private long completedTasks;

  public ReadOperator(String name, Datasource source) {
    super(name, 0);
    this.source = source;
  }

  @Override
  public void start(OperatorContext context) {
    super.start(context);
    tasks = source.planReadTasks(context.options().cpuSlots());
  }

  /** Read tasks planned (known after start). */
  public int plannedTasks() {
    return tasks.size();
  }

  @Override
  public long expectedRows() {
    long total = 0;
    for (ReadTask t : tasks) {
      if (t.estimatedRows().isEmpty()) {
        return -1;
      }
      total += t.estimatedRows().getAsLong();
    }
    return total;
  }

  @Override
  public BlockingReason blocked() {
    if (cancelled || next >= tasks.size()) {
      return BlockingReason.DONE;
    }
    return BlockingReason.NOT_BLOCKED;
  }

  @Override
  public double taskCpus() {
    return 1.0;
  }

  @Override
  public long estimatedTaskOutputBytes() {
    if (completedTasks > 0) {
      return completedBytes / completedTasks;
    }
    if (next < tasks.size() && tasks.get(next).estimatedBytes().isPresent()) {
      return Math.min(tasks.get(next).estimatedBytes().getAsLong(), ctx.options().targetBlockBytes());
    }
    return ctx.options().targetBlockBytes();
  }

  @Override
  public void dispatch() {
    ReadTask task = tasks.get(next);
    long seq = next++;
    running++;
    long start = System.nanoTime();
    metrics.taskStarted(start);
    ctx.workers().execute(() -> read(seq, task, start));
  }

  /** Runs on a worker thread. */
  private void read(long seq, ReadTask task, long start) {
    long[] bytes = {0};
    BlockBuilder out = new BlockBuilder(ctx.options().targetBlockBytes(), ctx.allocator(), b -> {
      bytes[0] += b.bytes();
      ctx.post(() -> onTaskOutput(seq, b));
    });
    Runnable completion;
    try (BatchReader reader = task.open(ctx.allocator(), ctx.options().targetBlockBytes())) {
      VectorSchemaRoot batch;
      while (!cancelled && (batch = reader.next()) != null) {
        out.add(batch);
      }
      out.flush();
      completion = () -> onTaskDone(seq, start, bytes[0]);
    } catch (Throwable t) {
      out.discard();
      completion = () -> {
        running--;
        ctx.fail(failure("reading " + task.describe(), t));
      };
    }
    // Last, after the reader closed: once the loop sees the task end it may close the allocator.
    ctx.post(completion);
  }

  private void onTaskDone(long seq, long start, long bytes) {
    running--;
    completedTasks++;
    completedBytes += bytes;
    metrics.taskDone(start, System.nanoTime());
    output.complete(seq);
  }

  @Override
  public void addInput(int port, Block block) {
    throw new IllegalStateException("a source has no input");
  }

  @Override
  public boolean isFinished() {
    return (cancelled || next >= tasks.size()) && running == 0 && output.isEmpty();
  }

  @Override
  public long queuedInputBytes() {
    return 0;
  }

  @Override
  public String describeState() {
    return "read tasks " + next + "/" + (tasks == null ? "?" : tasks.size()) + " started, " + running + " running";
  }

  @Override
  public void close() {
    output.clear();
  }
}
