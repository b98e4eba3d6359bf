package io.sluice.executor.op;

import io.sluice.api.PlanException;
import io.sluice.api.arrow.Batches;
import io.sluice.executor.fault.DeadLetter;
import io.sluice.executor.fault.Isolation;
import io.sluice.executor.fault.Retrier;
import io.sluice.api.udf.BatchUdf;
import io.sluice.api.udf.UdfFactory;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * A stateless transform on the CPU pool: each task takes the queued blocks up to one target block
 * size (or the smaller input cap the memory policy sets, so an expanding UDF's output fits), runs them
 * through a borrowed UDF instance and streams its output blocks out.
 */
public final class TaskMapOperator extends AbstractOperator {

  private final UdfFactory factory;
  private final double cpus;
  private final BlockQueue queue = new BlockQueue();
  private long nextSeq;
  private UdfInstances instances;

  public TaskMapOperator(String name, UdfFactory factory, double cpus) {
    super(new OperatorSpec(name, cpus, 0, 1, true));
    this.factory = factory;
    this.cpus = cpus;
  }

  @Override
  public void start(OperatorContext context) {
    super.start(context);
    instances = new UdfInstances(name(), factory, cpus);
  }

  @Override
  public void addInput(int port, Block block) {
    if (cancelled) {
      block.close();
      return;
    }
    metrics.input(block);
    queue.add(block);
    changed();
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
    return Math.min(queue.bytes(), ctx.options().targetBlockBytes());
  }

  @Override
  protected long minTaskInputBytes() {
    return queue.isEmpty() ? 0 : queue.peek().bytes();
  }

  /** Bundles queued blocks up to one target block of input, or {@code maxInputBytes}, at least one. */
  @Override
  public void nextTask(long maxInputBytes) {
    long limit = Math.min(ctx.options().targetBlockBytes(), maxInputBytes);
    List<Block> bundle = queue.takeBundle(limit);
    long seq = nextSeq++;
    long inBytes = bundle.stream().mapToLong(Block::bytes).sum();
    running++;
    long start = System.nanoTime();
    metrics.taskStarted(start);
    ctx.workers().execute(() -> run(seq, bundle, inBytes, start));
  }

  /**
   * Runs on a worker thread. Failed attempts are retried in place (the input is kept until the task
   * ends); outputs are released only from the attempt that succeeded. When retries run out and the
   * job skips errors, the failing rows are isolated and recorded instead.
   */
  private void run(long seq, List<Block> bundle, long inBytes, long start) {
    List<Block> produced = new ArrayList<>();
    BlockBuilder out = new BlockBuilder(ctx.options().targetBlockBytes(), ctx.allocator(), produced::add,
        bundle.get(0).split());
    Retrier retrier = ctx.retrier();
    List<DeadLetter> skipped = new ArrayList<>();
    Throwable error = null;
    int attempt = 0;
    int blockIndex = 0;
    BatchUdf udf = null;
    try {
      udf = instances.borrow();
      while (true) {
        try {
          retrier.maybeFail(retrier.faults().task(), name(), seq, attempt);
          for (blockIndex = 0; blockIndex < bundle.size() && !cancelled; blockIndex++) {
            VectorSchemaRoot in = bundle.get(blockIndex).data();
            VectorSchemaRoot result = udf.apply(in, ctx.allocator());
            // Unchanged input: share its buffers, so the input stays intact for a retry.
            out.add(result == in ? Batches.slice(in, 0, in.getRowCount(), ctx.allocator()) : result);
          }
          out.flush();
          error = null;
          break;
        } catch (Throwable t) {
          out.discard();
          produced.forEach(Block::close);
          produced.clear();
          error = t;
          if (cancelled || !retrier.shouldRetry(t, attempt)) {
            break;
          }
          retrier.backoff(attempt++);
        }
      }
      if (error != null && !cancelled && ctx.errors().skipping() && !(error instanceof PlanException)) {
        for (int b = 0; b < bundle.size(); b++) {
          Isolation.Outcome o = Isolation.run(udf, bundle.get(b).data(), ctx.allocator(), name(),
              "task " + seq + ", block " + b, attempt + 1);
          o.outputs().forEach(out::add);
          skipped.addAll(o.failed());
        }
        out.flush();
        error = null;
      }
    } catch (Throwable t) {
      out.discard();
      produced.forEach(Block::close);
      produced.clear();
      error = t;
    } finally {
      if (udf != null) {
        instances.giveBack(udf);
      }
      bundle.forEach(Block::close);
    }
    int retries = attempt;
    Throwable failed = error;
    String what = "task " + seq + ", input block " + blockIndex + " of " + bundle.size() + ", after "
        + (attempt + 1) + " attempts";
    // Last: once the loop sees the task end, the job may close this operator's allocator.
    ctx.post(() -> {
      running--;
      changed();
      metrics.retries(retries);
      if (failed != null) {
        ctx.fail(failure(what, failed));
        return;
      }
      metrics.skippedRows(skipped.size());
      produced.forEach(b -> onTaskOutput(seq, b));
      if (!skipped.isEmpty()) {
        ctx.errors().skipRows(skipped); // throws (failing the job) when over budget
      }
      onTaskDone(seq, start, inBytes, produced.stream().mapToLong(Block::bytes).sum());
    });
  }

  private void onTaskDone(long seq, long start, long inBytes, long outBytes) {
    metrics.taskDone(start, System.nanoTime(), inBytes, outBytes);
    output.complete(seq);
  }

  @Override
  public boolean isFinished() {
    return (cancelled || (allInputsDone() && queue.isEmpty())) && running == 0 && output.isEmpty();
  }

  @Override
  public void cancel() {
    super.cancel();
    queue.clear();
  }

  @Override
  protected long queuedInputBytes() {
    return queue.bytes();
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
