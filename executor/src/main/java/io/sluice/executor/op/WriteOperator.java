package io.sluice.executor.op;

import io.sluice.api.OperatorException;
import io.sluice.api.arrow.Batches;
import io.sluice.api.spi.Datasink;
import io.sluice.api.spi.ResumableWriteJob;
import io.sluice.api.spi.TaskWriter;
import io.sluice.api.spi.WriteJob;
import io.sluice.api.spi.WriteResult;
import io.sluice.api.spi.WriteTaskResult;
import io.sluice.executor.fault.AttemptRunner;
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
 * A job's sink: each task writes a bundle of consecutive blocks (about one target block, less when
 * memory is tight or input ends) into its own attempt files through the sink's {@link WriteJob}.
 * After every task has finished the job calls {@link #commit()} (publishing exactly the successful
 * tasks' files) or {@link #abort()}.
 *
 * <p>In a resumable job, bundles never mix read splits; once every block of a split is in committed
 * task files (a block of the next split arrived, or input ended, and its tasks are done), the split
 * is checkpointed. At start, splits finished by earlier runs are recovered: their files join this
 * run's commit and the sources skip them ({@link ResumePlan}, decided before the job starts).
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

  /**
   * @param schema the plan's output schema, or null when only the first block will tell
   */
  public WriteOperator(String name, Datasink sink, Schema schema, String jobId) {
    super(new OperatorSpec(name, 1.0, 0, 1, false));
    this.sink = sink;
    this.schema = schema;
    this.jobId = jobId;
  }

  /**
   * A writer into a job prepared before the run ({@link #prepare}) for {@code schema}: a resumable
   * write's.
   */
  public WriteOperator(String name, Datasink sink, Schema schema, WriteJob prepared) {
    this(name, sink, schema, (String) null);
    this.writeJob = prepared;
  }

  /** Creates the sink's write job, with an error naming the destination. */
  public static WriteJob prepare(String name, Datasink sink, Schema schema, String jobId) {
    try {
      return sink.createJob(schema, jobId);
    } catch (IOException e) {
      throw new OperatorException(
          name, "cannot prepare the write to " + sink.destination() + ": " + e.getMessage(), e);
    }
  }

  /** As {@link #prepare}, for a job that must resume: the sink's job must be resumable. */
  public static ResumableWriteJob prepareResumable(
      String name, Datasink sink, Schema schema, String jobId) {
    WriteJob job = prepare(name, sink, schema, jobId);
    if (!(job instanceof ResumableWriteJob r)) {
      job.abort();
      throw new OperatorException(
          name, "the sink for " + sink.destination() + " cannot resume jobs", null);
    }
    return r;
  }

  @Override
  public void start(OperatorContext context) {
    super.start(context);
    if (writeJob == null && schema != null) {
      createJob();
    }
    ResumePlan resume = context.resume();
    if (resume.enabled()) {
      if (!(writeJob instanceof ResumableWriteJob r)) {
        throw new OperatorException(
            name(), "the sink for " + sink.destination() + " cannot resume jobs", null);
      }
      resumable = r;
      results.addAll(resume.recovered());
      nextSeq = resume.firstTaskIndex();
    }
  }

  private void createJob() {
    writeJob = prepare(name(), sink, schema, jobId);
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
      throw new OperatorException(
          name(),
          "cannot checkpoint split " + split + " of " + sink.destination() + ": " + e.getMessage(),
          e);
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
      throw new OperatorException(
          name(),
          "a block with schema "
              + got
              + " does not match the output schema "
              + schema
              + " of "
              + sink.destination(),
          null);
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
    changed();
  }

  @Override
  public void inputDone(int port) {
    super.inputDone(port);
    if (resumable != null && !cancelled) {
      closeSplit();
    }
  }

  private long flushBytes() {
    return ctx.memory().flushBytes(ctx.options().blocks().targetBytes());
  }

  @Override
  public Blocked blocked() {
    if (cancelled) {
      return Blocked.DONE;
    }
    if (queue.isEmpty()) {
      return allInputsDone() ? Blocked.DONE : blockedBy(BlockingReason.WAITING_FOR_INPUT);
    }
    // A resumable job writes a split as soon as all of it is here, so it can be checkpointed.
    boolean splitComplete = resumable != null && closedSplits.contains(queue.peek().split());
    return queue.bytes() >= flushBytes() || allInputsDone() || splitComplete
        ? Blocked.NOT_BLOCKED
        : blockedBy(BlockingReason.WAITING_FOR_INPUT);
  }

  /** One task writes a bundle up to the flush size; the sink produces no blocks. */
  @Override
  protected long nextTaskInputBytes() {
    return Math.min(queue.bytes(), flushBytes());
  }

  @Override
  public void nextTask(long maxInputBytes) {
    List<Block> bundle = queue.takeBundle(flushBytes());
    int seq = (int) nextSeq++;
    running++;
    long start = System.nanoTime();
    metrics.taskStarted(start);
    WriteJob job = writeJob;
    String split = bundle.get(0).split();
    if (resumable != null) {
      splitWork.merge(
          split, 1 - bundle.size(), Integer::sum); // queued blocks become one running task
    }
    ctx.workers().execute(() -> write(job, seq, bundle, split, start));
  }

  /**
   * Runs on a worker thread. The attempt runner retries a failed attempt (aborted, its files
   * deleted) as a new attempt, whose files have other names; only the committed attempt's files are
   * published. Rows are never skipped here: a write that keeps failing fails the job.
   */
  private void write(WriteJob job, int seq, List<Block> bundle, String split, long start) {
    long rows = bundle.stream().mapToLong(Block::rows).sum();
    TaskWriter[] writer = {null};
    AttemptRunner.Outcome<WriteTaskResult> outcome;
    try {
      outcome =
          ctx.attempts()
              .run(
                  name(),
                  "writing task " + seq + " (" + rows + " rows) to " + sink.destination(),
                  attempt -> {
                    writer[0] = job.openTask(seq, attempt);
                    for (Block b : bundle) {
                      writer[0].write(b.data());
                    }
                    return writer[0].commit();
                  },
                  () -> {
                    if (writer[0] != null) {
                      writer[0].abort();
                      writer[0] = null;
                    }
                  },
                  null,
                  () -> cancelled);
    } finally {
      bundle.forEach(Block::close);
    }
    AttemptRunner.Outcome<WriteTaskResult> done = outcome;
    ctx.post(
        () -> {
          running--;
          changed();
          metrics.retries(done.retries());
          if (done.failed()) {
            ctx.fail(done.failure());
            return;
          }
          results.add(done.value());
          metrics.taskDone(start, System.nanoTime());
          if (resumable != null) {
            splitWork.merge(split, -1, Integer::sum);
            splitResults.computeIfAbsent(split, k -> new ArrayList<>()).add(done.value());
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
      throw new OperatorException(
          name(),
          "committing the write to " + sink.destination() + " failed: " + e.getMessage(),
          e);
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
  protected long queuedInputBytes() {
    return queue.bytes();
  }

  @Override
  protected String describeState() {
    return queue + ", " + running + " writers running, " + results.size() + " task files done";
  }

  @Override
  public void close() {
    cancel();
  }
}
