package io.sluice.executor.op;

import io.sluice.api.arrow.Batches;
import io.sluice.api.spi.BatchReader;
import io.sluice.api.spi.ReadTask;
import io.sluice.executor.fault.AttemptRunner;
import io.sluice.operators.fault.DeadLetter;
import java.util.List;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * A source: runs read tasks planned before the job (one per split) on the CPU pool, in plan order,
 * streaming each task's blocks out as they are read. Splits the job's {@link ResumePlan} says
 * earlier runs finished are passed over from the start. Stops starting tasks when cancelled (a
 * satisfied limit downstream).
 */
public final class ReadOperator extends AbstractOperator {

  private final List<ReadTask> tasks;
  private boolean[] skipped;
  private int next;

  public ReadOperator(String name, List<ReadTask> tasks) {
    super(new OperatorSpec(name, 1.0, 0, 0, false));
    this.tasks = List.copyOf(tasks);
  }

  /** A split's identity across runs: operator, position and what it reads. */
  public static String splitKey(String operator, int seq, ReadTask task) {
    return operator + "#" + seq + " " + task.describe();
  }

  @Override
  public void start(OperatorContext context) {
    super.start(context);
    skipped = new boolean[tasks.size()];
    if (context.resume().enabled()) {
      for (int i = 0; i < tasks.size(); i++) {
        if (context.resume().skips(splitKey(name(), i, tasks.get(i)))) {
          skipped[i] = true;
          output.complete(i);
        }
      }
    }
    next = firstToRead(0);
  }

  /** The first split from {@code i} on that an earlier run did not finish. */
  private int firstToRead(int i) {
    while (i < tasks.size() && skipped[i]) {
      i++;
    }
    return i;
  }

  @Override
  protected long expectedRows() {
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
  public Blocked blocked() {
    return cancelled || next >= tasks.size() ? Blocked.DONE : Blocked.NOT_BLOCKED;
  }

  /** The next split's estimated bytes, or -1 when the datasource cannot tell. */
  @Override
  protected long nextTaskInputBytes() {
    if (next < tasks.size() && tasks.get(next).estimatedBytes().isPresent()) {
      return tasks.get(next).estimatedBytes().getAsLong();
    }
    return next < tasks.size() ? -1 : 0;
  }

  @Override
  public void nextTask(long maxInputBytes) {
    ReadTask task = tasks.get(next);
    long seq = next;
    next = firstToRead(next + 1);
    running++;
    long start = System.nanoTime();
    metrics.taskStarted(start);
    ctx.workers().execute(() -> read(seq, task, start));
  }

  /**
   * Runs on a worker thread. Blocks stream out as they are read. The attempt runner retries a
   * failed attempt in place, skipping the rows already emitted (readers are deterministic); when
   * retries run out and the job skips errors, the rest of the split is skipped and recorded as a
   * dead block.
   */
  private void read(long seq, ReadTask task, long start) {
    long[] emitted = {0, 0}; // rows, bytes
    String split = ctx.resume().enabled() ? splitKey(name(), (int) seq, task) : null;
    BlockBuilder out =
        new BlockBuilder(
            ctx.options().blocks().targetBytes(),
            ctx.allocator(),
            b -> {
              emitted[0] += b.rows();
              emitted[1] += b.bytes();
              ctx.post(() -> onTaskOutput(seq, b));
            },
            split);
    AttemptRunner.Outcome<Void> outcome =
        ctx.attempts()
            .run(
                name(),
                "reading " + task.describe(),
                attempt -> {
                  readFrom(task, emitted[0], out);
                  return null;
                },
                out::discard,
                (attempts, cause, dead) -> {
                  dead.add(
                      DeadLetter.ofBlock(
                          name(),
                          task.describe() + " (rows after the first " + emitted[0] + ")",
                          cause,
                          attempts));
                  return null;
                },
                () -> cancelled);
    // Last, after the reader closed: once the loop sees the task end it may close the allocator.
    ctx.post(
        () -> {
          metrics.retries(outcome.retries());
          outcome.skipped().forEach(dead -> metrics.skippedBlock());
          if (outcome.failed()) {
            running--;
            ctx.fail(outcome.failure());
            return;
          }
          onTaskDone(seq, start, emitted[1]);
        });
  }

  /**
   * One attempt: reads the split, passing over its first {@code skip} rows (emitted by earlier
   * attempts).
   */
  private void readFrom(ReadTask task, long skip, BlockBuilder out) throws Exception {
    try (BatchReader reader = task.open(ctx.allocator(), ctx.options().blocks().targetBytes())) {
      VectorSchemaRoot batch;
      while (!cancelled && (batch = reader.next()) != null) {
        if (skip > 0) {
          int rows = batch.getRowCount();
          if (rows <= skip) {
            skip -= rows;
            batch.close();
            continue;
          }
          VectorSchemaRoot rest =
              Batches.slice(batch, (int) skip, rows - (int) skip, ctx.allocator());
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
    metrics.taskDone(start, System.nanoTime(), 0, bytes);
    output.complete(seq);
    changed();
  }

  @Override
  public boolean isFinished() {
    return (cancelled || next >= tasks.size()) && running == 0 && output.isEmpty();
  }

  @Override
  protected long queuedInputBytes() {
    return 0;
  }

  @Override
  protected String describeState() {
    return "read tasks " + next + "/" + tasks.size() + " started, " + running + " running";
  }

  @Override
  public void close() {
    output.clear();
  }
}
