package io.sluice.executor.op;

import io.sluice.api.arrow.Batches;
import io.sluice.api.spi.BatchReader;
import io.sluice.operators.fault.DeadLetter;
import io.sluice.executor.fault.AttemptRunner;
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
    if (context.checkpoints().isEnabled()) {
      for (int i = 0; i < tasks.size(); i++) {
        context.checkpoints().register(splitKey(i));
      }
    }
  }

  /** A split's identity across runs: operator, position and what it reads. */
  private String splitKey(int seq) {
    return name() + "#" + seq + " " + tasks.get(seq).describe();
  }

  /** Passes over splits an earlier run of a resumable job finished. */
  private void skipFinishedSplits() {
    while (!cancelled && next < tasks.size() && ctx.checkpoints().isEnabled()
        && ctx.checkpoints().skip(splitKey(next))) {
      output.complete(next++);
    }
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
    skipFinishedSplits();
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

  /**
   * Runs on a worker thread. Blocks stream out as they are read. The attempt runner retries a failed
   * attempt in place, skipping the rows already emitted (readers are deterministic); when retries run
   * out and the job skips errors, the rest of the split is skipped and recorded as a dead block.
   */
  private void read(long seq, ReadTask task, long start) {
    long[] emitted = {0, 0}; // rows, bytes
    String split = ctx.checkpoints().isEnabled() ? splitKey((int) seq) : null;
    BlockBuilder out = new BlockBuilder(ctx.options().targetBlockBytes(), ctx.allocator(), b -> {
      emitted[0] += b.rows();
      emitted[1] += b.bytes();
      ctx.post(() -> onTaskOutput(seq, b));
    }, split);
    AttemptRunner.Outcome<Void> outcome = ctx.attempts().run(name(), "reading " + task.describe(),
        attempt -> {
          readFrom(task, emitted[0], out);
          return null;
        },
        out::discard,
        (attempts, cause, dead) -> {
          dead.add(DeadLetter.ofBlock(name(), task.describe() + " (rows after the first " + emitted[0] + ")", cause,
              attempts));
          return null;
        },
        () -> cancelled);
    // Last, after the reader closed: once the loop sees the task end it may close the allocator.
    ctx.post(() -> {
      metrics.retries += outcome.retries();
      metrics.skippedBlocks += outcome.skipped().size();
      if (outcome.failed()) {
        running--;
        ctx.fail(outcome.failure());
        return;
      }
      onTaskDone(seq, start, emitted[1]);
    });
  }

  /** One attempt: reads the split, passing over its first {@code skip} rows (emitted by earlier attempts). */
  private void readFrom(ReadTask task, long skip, BlockBuilder out) throws Exception {
    try (BatchReader reader = task.open(ctx.allocator(), ctx.options().targetBlockBytes())) {
      VectorSchemaRoot batch;
      while (!cancelled && (batch = reader.next()) != null) {
        if (skip > 0) {
          int rows = batch.getRowCount();
          if (rows <= skip) {
            skip -= rows;
            batch.close();
            continue;
          }
          VectorSchemaRoot rest = Batches.slice(batch, (int) skip, rows - (int) skip, ctx.allocator());
          batch.close();
          batch = rest;
          skip = 0;
        }
        out.add(batch);
      }
      out.flush();
    }
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
    skipFinishedSplits();
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
