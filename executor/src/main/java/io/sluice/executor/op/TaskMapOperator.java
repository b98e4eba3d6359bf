package io.sluice.executor.op;

import io.sluice.api.arrow.Batches;
import io.sluice.api.udf.BatchUdf;
import io.sluice.api.udf.UdfFactory;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * A stateless transform on the CPU pool: each task takes the queued blocks up to one target block
 * size, runs them through a borrowed UDF instance and streams its output blocks out.
 */
public final class TaskMapOperator extends AbstractOperator {

  private final UdfFactory factory;
  private final double cpus;
  private final ArrayDeque<Block> queue = new ArrayDeque<>();
  private long queuedBytes;
  private long nextSeq;
  private long inBytesDone;
  private long outBytesDone;
  private UdfInstances instances;

  public TaskMapOperator(String name, UdfFactory factory, double cpus) {
    super(name, 1);
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
    queuedBytes += block.bytes();
  }

  @Override
  public BlockingReason blocked() {
    if (cancelled) {
      return BlockingReason.DONE;
    }
    if (queue.isEmpty()) {
      return allInputsDone() ? BlockingReason.DONE : BlockingReason.WAITING_FOR_INPUT;
    }
    return BlockingReason.NOT_BLOCKED;
  }

  @Override
  public double taskCpus() {
    return cpus;
  }

  @Override
  public long estimatedTaskOutputBytes() {
    long in = Math.min(queuedBytes, ctx.options().targetBlockBytes());
    if (inBytesDone == 0) {
      return in;
    }
    return (long) (in * ((double) outBytesDone / inBytesDone));
  }

  @Override
  public void dispatch() {
    List<Block> bundle = new ArrayList<>();
    long bytes = 0;
    while (!queue.isEmpty()
        && (bundle.isEmpty() || bytes + queue.peek().bytes() <= ctx.options().targetBlockBytes())) {
      Block b = queue.poll();
      bytes += b.bytes();
      bundle.add(b);
    }
    queuedBytes -= bytes;
    long seq = nextSeq++;
    long inBytes = bytes;
    running++;
    long start = System.nanoTime();
    metrics.taskStarted(start);
    ctx.workers().execute(() -> run(seq, bundle, inBytes, start));
  }

  /** Runs on a worker thread. */
  private void run(long seq, List<Block> bundle, long inBytes, long start) {
    long[] outBytes = {0};
    BlockBuilder out = new BlockBuilder(ctx.options().targetBlockBytes(), ctx.allocator(), b -> {
      outBytes[0] += b.bytes();
      ctx.post(() -> onTaskOutput(seq, b));
    });
    BatchUdf udf = null;
    int i = 0;
    Runnable completion;
    try {
      udf = instances.borrow();
      for (; i < bundle.size() && !cancelled; i++) {
        Block in = bundle.get(i);
        VectorSchemaRoot result = udf.apply(in.data(), ctx.allocator());
        if (result == in.data()) {
          result = Batches.transfer(in.data(), ctx.allocator()); // unchanged: take ownership
        }
        in.close();
        out.add(result);
      }
      out.flush();
      completion = () -> onTaskDone(seq, start, inBytes, outBytes[0]);
    } catch (Throwable t) {
      out.discard();
      int rowsBefore = 0;
      for (int k = 0; k < i; k++) {
        rowsBefore += bundle.get(k).rows();
      }
      String what = "task " + seq + ", input block " + i + " of " + bundle.size()
          + " (" + (i < bundle.size() ? bundle.get(i).rows() : 0) + " rows after " + rowsBefore + ")";
      completion = () -> {
        running--;
        ctx.fail(failure(what, t));
      };
    } finally {
      if (udf != null) {
        instances.giveBack(udf);
      }
      for (int k = i; k < bundle.size(); k++) {
        bundle.get(k).close();
      }
    }
    // Last: once the loop sees the task end, the job may close this operator's allocator.
    ctx.post(completion);
  }

  private void onTaskDone(long seq, long start, long inBytes, long outBytes) {
    running--;
    inBytesDone += inBytes;
    outBytesDone += outBytes;
    metrics.taskDone(start, System.nanoTime());
    output.complete(seq);
  }

  @Override
  public boolean isFinished() {
    return (cancelled || (allInputsDone() && queue.isEmpty())) && running == 0 && output.isEmpty();
  }

  @Override
  public void cancel() {
    super.cancel();
    queue.forEach(Block::close);
    queue.clear();
    queuedBytes = 0;
  }

  @Override
  public long queuedInputBytes() {
    return queuedBytes;
  }

  @Override
  public String describeState() {
    return queue.size() + " blocks queued (" + queuedBytes + " B), " + running + " tasks running";
  }

  @Override
  public void close() {
    cancel();
    instances.closeAll();
  }
}
