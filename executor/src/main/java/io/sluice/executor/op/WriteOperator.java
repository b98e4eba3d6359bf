package io.sluice.executor.op;

import io.sluice.api.OperatorException;
import io.sluice.api.arrow.Batches;
import io.sluice.api.spi.Datasink;
import io.sluice.api.spi.ResumableWriteJob;
import io.sluice.api.spi.TaskWriter;
import io.sluice.api.spi.WriteJob;
import io.sluice.api.spi.WriteResult;
import io.sluice.api.spi.WriteTaskResult;
import io.sluice.executor.fault.Retrier;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The job's sink: each task writes a bundle of consecutive blocks (about one target block, less
 * when memory is tight or input ends) into its own attempt files through the sink's
 * {@link WriteJob}. After every task has finished the job calls {@link #commit()} (publishing
 * exactly the successful tasks' files) or {@link #abort()}.
 *
 * <p>In a resumable job, bundles never mix read splits; once every block of a split is in committed
 * task files (a block of the next split arrived, or input ended, and its tasks are done), the split
 * is checkpointed. At start, splits finished by earlier runs are recovered: their files join this
 * run's commit and the sources skip them.
 */
public final class WriteOperator extends AbstractOperator {

  private final Datasink sink;
  private final String jobId;
  private Schema schema;
  private WriteJob writeJob;
  private final BlockQueue queue = new BlockQueue();
  private long nextSeq;
  private final List<WriteTaskResult> results = new ArrayList<>();
  private ResumableWriteJob resumable;
  private String currentSplit;
  private final Map<String, Integer> splitWork = new HashMap<>();
  private final Map<String, List<WriteTaskResult>> splitResults = new HashMap<>();
  private final Set<String> closedSplits = new HashSet<>();

  /** @param schema the plan's output schema, or null when only the first block will tell */
  public WriteOperator(String name, Datasink sink, Schema schema, String jobId) {
    super(name, 1);
    this.sink = sink;
    this.schema = schema;
    this.jobId = jobId;
  }

  @Override
  public void start(OperatorContext context) {
    super.start(context);
    if (schema != null) {
      createJob();
    }
  }

  private void createJob() {
    try {
      writeJob = sink.createJob(schema, jobId);
      if (ctx.checkpoints().isEnabled()) {
        recover();
      }
    } catch (IOException e) {
      throw new OperatorException(name(), "cannot prepare the write to " + sink.destination() + ": "
          + e.getMessage(), e);
    }
  }

  private void recover() throws IOException {
    if (!(writeJob instanceof ResumableWriteJob r)) {
      throw new OperatorException(name(), "the sink for " + sink.destination() + " cannot resume jobs", null);
    }
    resumable = r;
    Map<String, List<WriteTaskResult>> done = r.recover(ctx.checkpoints().splits());
    ctx.checkpoints().completed(done.keySet());
    done.values().forEach(results::addAll);
    nextSeq = results.stream().mapToInt(WriteTaskResult::taskIndex).max().orElse(-1) + 1;
  }

  /** Closes the split being received: no more of its blocks will come. */
  private void closeSplit() {
    if (currentSplit != null) {
      closedSplits.add(currentSplit);
      maybeCheckpoint(currentSplit);
      currentSplit = null;
    }
  }

  private void maybeCheckpoint(String split) {
    if (!closedSplits.contains(split) || splitWork.getOrDefault(split, 0) > 0) {
      return;
    }
    try {
      resumable.checkpoint(split, splitResults.getOrDefault(split, List.of()));
    } catch (IOException e) {
      throw new OperatorException(name(), "cannot checkpoint split " + split + " of " + sink.destination()
          + ": " + e.getMessage(), e);
    }
    closedSplits.remove(split);
    splitResults.remove(split);
    splitWork.remove(split);
  }

  @Override
  public void addInput(int port, Block block) {
    if (cancelled) {
      block.close();
      return;
    }
    if (writeJob == null) {
      schema = block.data().getSchema();
      try {
        createJob();
      } catch (RuntimeException e) { // e.g. the destination exists: the block is ours to free
        block.close();
        throw e;
      }
    } else if (!Batches.sameFields(schema, block.data().getSchema())) {
      Schema got = block.data().getSchema();
      block.close();
      throw new OperatorException(name(), "a block with schema " + got + " does not match the output schema "
          + schema + " of " + sink.destination(), null);
    }
    metrics.input(block);
    if (resumable != null) {
      if (currentSplit != null && !currentSplit.equals(block.split())) {
        closeSplit();
      }
      currentSplit = block.split();
      splitWork.merge(block.split(), 1, Integer::sum); // a queued block is work still to do
    }
    queue.add(block);
  }

  @Override
  public void inputDone(int port) {
    super.inputDone(port);
    if (resumable != null && !cancelled) {
      closeSplit();
    }
  }

  private long flushBytes() {
    return ctx.memory().flushBytes(ctx.options().targetBlockBytes());
  }

  @Override
  public BlockingReason blocked() {
    if (cancelled) {
      return BlockingReason.DONE;
    }
    if (queue.isEmpty()) {
      return allInputsDone() ? BlockingReason.DONE : BlockingReason.WAITING_FOR_INPUT;
    }
    // A resumable job writes a split as soon as all of it is here, so it can be checkpointed.
    boolean splitComplete = resumable != null && closedSplits.contains(queue.peek().split());
    return queue.bytes() >= flushBytes() || allInputsDone() || splitComplete
        ? BlockingReason.NOT_BLOCKED : BlockingReason.WAITING_FOR_INPUT;
  }

  @Override
  public double taskCpus() {
    return 1.0;
  }

  @Override
  public void dispatch() {
    List<Block> bundle = queue.takeBundle(flushBytes());
    int seq = (int) nextSeq++;
    running++;
    long start = System.nanoTime();
    metrics.taskStarted(start);
    WriteJob job = writeJob;
    String split = bundle.get(0).split();
    if (resumable != null) {
      splitWork.merge(split, 1 - bundle.size(), Integer::sum); // queued blocks become one running task
    }
    ctx.workers().execute(() -> write(job, seq, bundle, split, start));
  }

  /**
   * Runs on a worker thread. A failed attempt is aborted (its files deleted) and retried as a new
   * attempt, whose files have other names; only the committed attempt's files are published.
   */
  private void write(WriteJob job, int seq, List<Block> bundle, String split, long start) {
    Retrier retrier = ctx.retrier();
    Throwable error = null;
    WriteTaskResult result = null;
    int attempt = 0;
    try {
      while (true) {
        TaskWriter writer = null;
        try {
          writer = job.openTask(seq, attempt);
          retrier.maybeFail(retrier.faults().writer(), name(), seq, attempt);
          for (Block b : bundle) {
            writer.write(b.data());
          }
          result = writer.commit();
          error = null;
          break;
        } catch (Throwable t) {
          if (writer != null) {
            writer.abort();
          }
          error = t;
          if (cancelled || !retrier.shouldRetry(t, attempt)) {
            break;
          }
          retrier.backoff(attempt++);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      error = e;
    } finally {
      bundle.forEach(Block::close);
    }
    Throwable failed = error;
    WriteTaskResult done = result;
    int retries = attempt;
    ctx.post(() -> {
      running--;
      metrics.retries += retries;
      if (failed != null) {
        ctx.fail(failure("writing task " + seq + " to " + sink.destination() + " (after " + (retries + 1)
            + " attempts)", failed));
        return;
      }
      results.add(done);
      metrics.taskDone(start, System.nanoTime());
      if (resumable != null) {
        splitWork.merge(split, -1, Integer::sum);
        splitResults.computeIfAbsent(split, k -> new ArrayList<>()).add(done);
        maybeCheckpoint(split);
      }
    });
  }

  @Override
  public boolean isFinished() {
    return (cancelled || (allInputsDone() && queue.isEmpty())) && running == 0;
  }

  /** Publishes every task's files; call once, after {@link #isFinished()}. */
  public WriteResult commit() {
    if (writeJob == null) {
      schema = schema == null ? new Schema(List.of()) : schema;
      createJob();
    }
    results.sort(Comparator.comparingInt(WriteTaskResult::taskIndex));
    try {
      return writeJob.commit(results);
    } catch (IOException e) {
      writeJob.abort();
      throw new OperatorException(name(), "committing the write to " + sink.destination() + " failed: "
          + e.getMessage(), e);
    }
  }

  /** Discards everything written; never throws. */
  public void abort() {
    if (writeJob != null) {
      writeJob.abort();
    }
  }

  @Override
  public boolean hasOutput() {
    return false;
  }

  @Override
  public void cancel() {
    super.cancel();
    queue.clear();
  }

  @Override
  public long queuedInputBytes() {
    return queue.bytes();
  }

  @Override
  public String describeState() {
    return queue + ", " + running + " writers running, "
        + results.size() + " task files done";
  }

  @Override
  public void close() {
    cancel();
  }
}
