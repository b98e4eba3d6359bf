package io.sluice.executor.op;

import io.sluice.api.Compute;
import io.sluice.api.JobStats;
import io.sluice.api.arrow.Batches;
import io.sluice.api.udf.BatchUdf;
import io.sluice.api.udf.UdfFactory;
import io.sluice.executor.fault.AttemptRunner;
import io.sluice.operators.fault.Isolation;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * A stateless transform on the CPU pool: each task takes the queued blocks up to one target block
 * size (or the smaller input cap the memory policy sets, so an expanding UDF's output fits), runs
 * them through a borrowed UDF instance and streams its output blocks out. With a batch size (rows
 * or bytes), arriving blocks are first re-cut in order into blocks of that size, each one UDF call.
 */
public final class TaskMapOperator extends AbstractOperator {

  private final UdfFactory factory;
  private final UdfHeapMeter heap = new UdfHeapMeter();
  private final double cpus;
  private final BlockQueue queue = new BlockQueue();
  private final Rebatcher rebatcher; // null: blocks go to the UDF as they come
  private long nextSeq;
  private UdfInstances instances;

  public TaskMapOperator(String name, UdfFactory factory, double cpus) {
    this(name, factory, Compute.tasks().cpus(cpus));
  }

  public TaskMapOperator(String name, UdfFactory factory, Compute compute) {
    super(new OperatorSpec(name, compute.cpus(), 0, 1, true));
    this.factory = heap.wrap(factory);
    this.cpus = compute.cpus();
    this.rebatcher = compute.rebatches() ? new Rebatcher(compute) : null;
  }

  @Override
  public void start(OperatorContext context) {
    super.start(context);
    instances = new UdfInstances(name(), factory, cpus, context.udfResources());
  }

  @Override
  public void addInput(int port, Block block) {
    if (cancelled) {
      block.close();
      return;
    }
    metrics.input(block);
    if (rebatcher == null) {
      queue.add(block);
    } else {
      rebatcher.add(block);
      cutBatches();
    }
    changed();
  }

  @Override
  public void inputDone(int port) {
    super.inputDone(port);
    if (rebatcher != null && !cancelled) {
      cutBatches();
      changed();
    }
  }

  /** Moves every batch the rebatcher can cut now into the task queue, as a block of its own. */
  private void cutBatches() {
    while (rebatcher.ready(allInputsDone())) {
      String split = rebatcher.headSplit();
      queue.add(new Block(rebatcher.next(ctx.allocator()), split));
    }
  }

  @Override
  public Blocked blocked() {
    if (cancelled) {
      return Blocked.DONE;
    }
    if (queue.isEmpty()) {
      return allInputsDone() ? Blocked.DONE : blockedBy(BlockingReason.WAITING_FOR_INPUT);
    }
    return Blocked.NOT_BLOCKED;
  }

  /** One task's input: the queued blocks up to one target block. */
  @Override
  protected long nextTaskInputBytes() {
    return Math.min(queue.bytes(), ctx.options().blocks().targetBytes());
  }

  @Override
  protected long minTaskInputBytes() {
    return queue.isEmpty() ? 0 : queue.peek().bytes();
  }

  /**
   * Bundles queued blocks up to one target block of input, or {@code maxInputBytes}, at least one.
   */
  @Override
  public void nextTask(long maxInputBytes) {
    long limit = Math.min(ctx.options().blocks().targetBytes(), maxInputBytes);
    List<Block> bundle = queue.takeBundle(limit);
    long seq = nextSeq++;
    long inBytes = bundle.stream().mapToLong(Block::bytes).sum();
    running++;
    long start = System.nanoTime();
    metrics.taskStarted(start);
    ctx.workers().execute(() -> run(seq, bundle, inBytes, start));
  }

  /**
   * Runs on a worker thread. The attempt runner retries failed attempts in place (the input is kept
   * until the task ends); outputs are released only from the attempt that succeeded. When retries
   * run out and the job skips errors, the failing rows are isolated and recorded instead.
   */
  private void run(long seq, List<Block> bundle, long inBytes, long start) {
    List<Block> produced = new ArrayList<>();
    BlockBuilder out =
        new BlockBuilder(
            ctx.options().blocks().targetBytes(),
            ctx.allocator(),
            produced::add,
            bundle.get(0).split());
    Runnable discard =
        () -> {
          out.discard();
          produced.forEach(Block::close);
          produced.clear();
        };
    long rows = bundle.stream().mapToLong(Block::rows).sum();
    String what =
        "task "
            + seq
            + " ("
            + bundle.size()
            + " input blocks, "
            + rows
            + " rows"
            + (bundle.get(0).split() == null ? "" : ", split " + bundle.get(0).split())
            + ")";
    AttemptRunner.Outcome<Void> outcome;
    BatchUdf udf = null;
    try {
      udf = instances.borrow();
      BatchUdf u = udf;
      outcome =
          ctx.attempts()
              .run(
                  name(),
                  what,
                  attempt -> {
                    for (int b = 0; b < bundle.size() && !cancelled; b++) {
                      VectorSchemaRoot in = bundle.get(b).data();
                      VectorSchemaRoot result = u.apply(in, ctx.allocator());
                      // Unchanged input: share its buffers, so the input stays intact for a retry.
                      out.add(
                          result == in
                              ? Batches.slice(in, 0, in.getRowCount(), ctx.allocator())
                              : result);
                    }
                    out.flush();
                    return null;
                  },
                  discard,
                  (attempts, cause, dead) -> {
                    for (int b = 0; b < bundle.size(); b++) {
                      Isolation.Outcome o =
                          Isolation.run(
                              u,
                              bundle.get(b).data(),
                              ctx.allocator(),
                              name(),
                              "task " + seq + ", block " + b,
                              attempts);
                      o.outputs().forEach(out::add);
                      dead.addAll(o.failed());
                    }
                    out.flush();
                    return null;
                  },
                  () -> cancelled);
    } catch (Throwable t) { // borrowing (building) the UDF failed
      discard.run();
      outcome =
          new AttemptRunner.Outcome<>(
              null, AttemptRunner.describe(name(), what, t, 1), 1, List.of(), false);
    } finally {
      if (udf != null) {
        instances.giveBack(udf);
      }
      bundle.forEach(Block::close);
    }
    AttemptRunner.Outcome<Void> done = outcome;
    // Last: once the loop sees the task end, the job may close this operator's allocator.
    ctx.post(
        () -> {
          running--;
          changed();
          metrics.retries(done.retries());
          if (done.failed()) {
            ctx.fail(done.failure());
            return;
          }
          metrics.skippedRows(done.skipped().size());
          produced.forEach(b -> onTaskOutput(seq, b));
          onTaskDone(seq, start, inBytes, produced.stream().mapToLong(Block::bytes).sum());
        });
  }

  private void onTaskDone(long seq, long start, long inBytes, long outBytes) {
    metrics.taskDone(start, System.nanoTime(), inBytes, outBytes);
    output.complete(seq);
  }

  @Override
  public boolean isFinished() {
    return (cancelled || (allInputsDone() && queue.isEmpty() && rebatched() == 0))
        && running == 0
        && output.isEmpty();
  }

  @Override
  public void cancel() {
    super.cancel();
    queue.clear();
    if (rebatcher != null) {
      rebatcher.clear();
    }
  }

  /** Rows held by the rebatcher, not yet cut into a batch. */
  private long rebatched() {
    return rebatcher == null ? 0 : rebatcher.rows();
  }

  @Override
  protected Optional<JobStats.UdfHeap> udfHeap() {
    return heap.snapshot();
  }

  @Override
  protected long queuedInputBytes() {
    return queue.bytes() + (rebatcher == null ? 0 : rebatcher.bytes());
  }

  @Override
  protected String describeState() {
    return queue + ", " + running + " tasks running";
  }

  @Override
  public void close() {
    cancel();
    instances.closeAll();
  }
}
