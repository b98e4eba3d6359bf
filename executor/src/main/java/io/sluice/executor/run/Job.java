package io.sluice.executor.run;

import io.sluice.api.ExecutionOptions;
import io.sluice.api.JobStats;
import io.sluice.api.SluiceException;
import io.sluice.executor.fault.AttemptRunner;
import io.sluice.executor.op.BlockingReason;
import io.sluice.executor.op.PhysicalOperator;
import io.sluice.executor.op.ResumePlan;
import io.sluice.executor.plan.PhysicalPlan;
import io.sluice.executor.resource.JobResources;
import io.sluice.executor.resource.ResourceManager;
import io.sluice.executor.store.BlockStore;
import io.sluice.executor.store.SpillDirectory;
import io.sluice.operators.fault.DeadLetterWriter;
import io.sluice.operators.fault.ErrorBudget;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.apache.arrow.memory.BufferAllocator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running job: the streaming control loop with a global view, over operators it makes from a
 * {@link PhysicalPlan}'s factories. Each turn, in this order: it runs the events tasks posted
 * (outputs, completions, failures); calls every operator's per-turn hook ({@link
 * PhysicalOperator#onTurn}); moves finished output references to the consumers' queues and
 * propagates completion and cancellation; then dispatches tasks, consumers before sources, while
 * CPU slots and every {@link BackpressurePolicy} allow. Progress, live stats and the watchdog only
 * read. Data never passes through the loop, only references.
 *
 * <p>Liveness rule: when nothing runs and the only eligible operators are held back by memory, the
 * most downstream of them runs anyway, so no budget can deadlock the job.
 *
 * <p>Call-order rules: {@link #run} once, on the thread that becomes the loop thread; {@link
 * #cancel()} from any thread at any time.
 */
public final class Job implements JobView {

  private static final Logger LOG = LoggerFactory.getLogger(Job.class);
  private static final long IDLE_WAIT_MILLIS = 50;

  private final String id;
  private final ExecutionOptions options;
  private final JobGraph graph;
  private final BufferAllocator allocator;
  private final List<BufferAllocator> opAllocators = new ArrayList<>();
  private final Executor workers;
  private final LinkedBlockingQueue<Runnable> events = new LinkedBlockingQueue<>();
  private final ResourceManager resources;
  private final JobResources lease;
  private final BufferAllocator spillScratch;
  private final BlockStore store;
  private final int producing;
  private final long startNanos = System.nanoTime();
  private final AttemptRunner attempts;
  private final ResumePlan resume;
  private final ErrorBudget errors;
  private final SpillDirectory spill;
  private final OperatorProfiles profiles;
  private final MemoryLedger ledger;
  private final Map<PhysicalOperator, Integer> index = new IdentityHashMap<>();
  private final Scheduler scheduler;
  private final JobContext context;
  private final Watchdog watchdog;

  /** Set when tasks outlived the shutdown grace period; a reaper thread finishes the cleanup. */
  private volatile Thread reaper;

  private Throwable failure;
  private volatile boolean cancelRequested;
  private int startedOps;
  private ProgressDisplay progress;
  private volatile LocalJobStats stats;

  /** The latest snapshot for live views, published by the loop every {@link #LIVE_NANOS}. */
  private volatile LiveJobStats live;

  private long lastLiveNanos;
  private static final long LIVE_NANOS = 250_000_000L;

  /**
   * Makes the job's operators from {@code plan}'s factories (they start in {@link #run}).
   *
   * @param deadLetterPath where skipped rows go when the error policy names no path (beside the
   *     output), or null
   * @param resume what a resumable job takes over from earlier runs, or {@link ResumePlan#NONE}
   */
  public Job(
      String id,
      ExecutionOptions options,
      PhysicalPlan plan,
      ResourceManager resources,
      Executor workers,
      List<BackpressurePolicy> policies,
      String deadLetterPath,
      ResumePlan resume) {
    this.id = id;
    this.resume = resume;
    var policy = options.retries().errorPolicy();
    String dl = policy.deadLetterPath() != null ? policy.deadLetterPath() : deadLetterPath;
    this.errors = new ErrorBudget(policy, dl);
    this.attempts = AttemptRunner.of(options, errors);
    this.options = options;
    this.graph = JobGraph.instantiate(plan);
    this.workers = workers;
    this.resources = resources;
    this.producing = Math.max(1, plan.size() - 1); // all but the sink
    this.spill = new SpillDirectory(options, id);
    this.spillScratch = resources.scratchAllocator(id + "-spill");
    this.store = new BlockStore(spill, workers, spillScratch);
    this.lease = resources.lease(id, store, producing);
    this.allocator = lease.allocator();
    for (int i = 0; i < this.graph.size(); i++) {
      index.put(this.graph.get(i), i);
    }
    this.profiles = new OperatorProfiles(this.graph, options.blocks().targetBytes());
    this.ledger = new MemoryLedger(this.graph, profiles);
    this.context =
        new JobContext(
            options,
            workers,
            events::add,
            this::fail,
            lease.gpus(),
            lease.udfResources(),
            lease.memory(),
            attempts,
            resume,
            store,
            allocator);
    this.scheduler = new Scheduler(id, this.graph, lease, policies, this, ledger);
    this.watchdog =
        new Watchdog(
            id,
            this.graph,
            options.diagnostics().noProgressTimeout(),
            this,
            scheduler::whyBlocked,
            System::nanoTime);
  }

  public String id() {
    return id;
  }

  /** The job's operators and their wiring. */
  public JobGraph graph() {
    return graph;
  }

  /**
   * The sink operator, which the caller knows to be a {@code type} (it put its factory in the
   * plan).
   */
  public <S extends PhysicalOperator> S sink(Class<S> type) {
    return type.cast(graph.get(graph.sink()));
  }

  /**
   * Runs the job to its end on the calling thread and returns what {@code onSuccess} returned.
   * {@code onSuccess} runs on the loop thread once the sink has finished and before anything is
   * closed (a commit, or waiting for a consumer); it may call {@link #pumpUntil}. Throws the job's
   * failure, after every task has ended and every resource is released.
   */
  public <R> R run(Supplier<R> onSuccess, Runnable onFailure) {
    R result = null;
    try {
      for (int i = 0; i < graph.size(); i++) {
        PhysicalOperator op = graph.get(i);
        BufferAllocator a =
            allocator.newChildAllocator(op.spec().name(), 0, resources.allocatorLimit());
        opAllocators.add(a);
        op.start(context.forOperator(a));
        startedOps++;
      }
      if (options.diagnostics().progress() && System.console() != null) {
        progress = new ProgressDisplay(graph, scheduler::whyBlocked);
      }
      loop();
      if (failure == null && !cancelRequested) {
        result = onSuccess.get();
      }
    } catch (Throwable t) {
      fail(t);
    }
    if (failure == null && cancelRequested) {
      failure = new SluiceException("job " + id + " was cancelled");
    }
    shutdown(onFailure);
    if (failure != null) {
      throw failure instanceof RuntimeException re
          ? re
          : new SluiceException(failure.getMessage(), failure);
    }
    return result;
  }

  /** Asks the job to stop: running tasks end, queued data is released, the sink aborts. */
  public void cancel() {
    cancelRequested = true;
    events.add(() -> {});
  }

  /** Wakes the loop (after a consumer took a block, freeing memory). Any thread. */
  public void wake() {
    events.add(() -> {});
  }

  /** Statistics, complete once {@link #run} returned. */
  public LocalJobStats stats() {
    LocalJobStats s = stats;
    return s != null
        ? s
        : LocalJobStats.of(
            graph, opAllocators, allocator, startNanos, System.nanoTime(), errors, spill.stats());
  }

  /**
   * The job's state as of its latest snapshot (at most a quarter second old), for live views such
   * as the web dashboard; null before the loop's first turn. Any thread.
   */
  public JobStats liveStats() {
    return live;
  }

  private void publishLive() {
    long now = System.nanoTime();
    if (now - lastLiveNanos >= LIVE_NANOS) {
      lastLiveNanos = now;
      live = LiveJobStats.of(this);
    }
  }

  private void loop() throws InterruptedException {
    PhysicalOperator sink = graph.get(graph.sink());
    while (true) {
      runEvents(false);
      if (failure != null || cancelRequested) {
        return;
      }
      scheduler.advance();
      boolean moved = scheduler.route();
      if (sink.isFinished()) {
        return;
      }
      boolean dispatched = scheduler.schedule();
      if (progress != null) {
        progress.update(this);
      }
      publishLive();
      if (moved || dispatched) {
        watchdog.progressed();
      } else {
        SluiceException stuck = watchdog.check(runningTasks());
        if (stuck != null) {
          LOG.warn(
              "watchdog: {}",
              stuck.getMessage()); // the dump, one operator a line, for logs and dashboards
          fail(stuck);
        }
        runEvents(true);
      }
    }
  }

  /**
   * Runs loop events until {@code done} holds, the job fails, or it is cancelled. Loop thread only.
   */
  public void pumpUntil(BooleanSupplier done) {
    try {
      while (!done.getAsBoolean() && failure == null && !cancelRequested) {
        runEvents(true);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      fail(e);
    }
  }

  private void runEvents(boolean wait) throws InterruptedException {
    Runnable r = wait ? events.poll(IDLE_WAIT_MILLIS, TimeUnit.MILLISECONDS) : events.poll();
    while (r != null) {
      watchdog.progressed();
      try {
        r.run();
      } catch (Throwable t) {
        fail(t);
      }
      r = events.poll();
    }
  }

  private int runningTasks() {
    int n = 0;
    for (PhysicalOperator op : graph.operators().subList(0, startedOps)) {
      n += op.stats().runningTasks();
    }
    return n;
  }

  private void fail(Throwable t) {
    if (failure == null) {
      failure = t;
    } else if (failure != t) {
      failure.addSuppressed(t);
    }
  }

  /** Cancels on failure, waits for running tasks, closes operators and allocators. */
  private void shutdown(Runnable onFailure) {
    boolean failed = failure != null;
    List<PhysicalOperator> started = graph.operators().subList(0, startedOps);
    if (failed) {
      for (PhysicalOperator op : started) {
        op.cancel();
      }
    }
    long grace =
        failed
            ? Math.min(
                TimeUnit.SECONDS.toNanos(10), options.diagnostics().noProgressTimeout().toNanos())
            : Long.MAX_VALUE;
    if (!awaitTasks(grace)) {
      // Tasks stuck in user code: do not hang the caller. A reaper finishes the cleanup once they
      // end.
      stats =
          LocalJobStats.of(
              graph, opAllocators, allocator, startNanos, System.nanoTime(), errors, spill.stats());
      LOG.warn(
          "job {}: {} tasks did not end after the failure; releasing their resources in the background",
          id,
          runningTasks());
      Thread t =
          new Thread(
              () -> {
                awaitTasks(Long.MAX_VALUE);
                release(started, onFailure, true);
              },
              "sluice-reaper-" + id);
      t.setDaemon(true);
      reaper = t;
      t.start();
      return;
    }
    release(started, onFailure, failed || failure != null);
  }

  /** Runs events until no task runs, or {@code nanos} passed. Returns whether all tasks ended. */
  private boolean awaitTasks(long nanos) {
    long start = System.nanoTime();
    long lastLog = start;
    while (runningTasks() > 0) {
      if (System.nanoTime() - start > nanos) {
        return false;
      }
      try {
        runEvents(true);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
      if (System.nanoTime() - lastLog > TimeUnit.SECONDS.toNanos(10)) {
        lastLog = System.nanoTime();
        LOG.warn("job {}: waiting for {} running tasks to end", id, runningTasks());
      }
    }
    return true;
  }

  private void release(List<PhysicalOperator> started, Runnable onFailure, boolean failed) {
    if (failed) {
      try {
        onFailure.run();
      } catch (Throwable t) {
        fail(t);
      }
    }
    writeDeadLetters();
    for (PhysicalOperator op : started) {
      try {
        op.close();
      } catch (Throwable t) {
        fail(t);
      }
    }
    if (progress != null) {
      progress.close(this);
    }
    if (stats == null) {
      stats =
          LocalJobStats.of(
              graph, opAllocators, allocator, startNanos, System.nanoTime(), errors, spill.stats());
    }
    for (BufferAllocator a : opAllocators) {
      closeAllocator(a);
    }
    closeAllocator(allocator);
    closeAllocator(spillScratch);
    lease.close(); // slots, GPUs and the budget share go back to the backend
    try {
      store.close(); // every spill file goes, on failure too
    } catch (Throwable t) {
      fail(t);
    }
  }

  private void writeDeadLetters() {
    var letters = errors.letters();
    if (letters.isEmpty() || errors.deadLetterPath() == null) {
      return;
    }
    try (BufferAllocator a = allocator.newChildAllocator("dead-letters", 0, Long.MAX_VALUE)) {
      DeadLetterWriter.write(letters, errors.deadLetterPath(), id, a);
      LOG.warn(
          "job {}: {} rows and {} blocks were skipped; dead letters written to {}",
          id,
          errors.skippedRows(),
          errors.skippedBlocks(),
          errors.deadLetterPath());
    } catch (Throwable t) {
      fail(
          new SluiceException(
              "job "
                  + id
                  + " could not write its dead letters to "
                  + errors.deadLetterPath()
                  + ": "
                  + t.getMessage(),
              t));
    }
  }

  /** The thread still releasing resources of stuck tasks, or null. */
  public Thread reaper() {
    return reaper;
  }

  private void closeAllocator(BufferAllocator a) {
    try {
      a.close();
    } catch (Throwable t) {
      fail(
          new SluiceException(
              "job " + id + " leaked Arrow memory in " + a.getName() + ": " + t.getMessage(), t));
    }
  }

  // ---------------------------------------------------------------- JobView

  @Override
  public long memoryUsed() {
    return allocator.getAllocatedMemory();
  }

  @Override
  public long memoryBudget() {
    return lease.memory().budget();
  }

  @Override
  public long memoryUsed(PhysicalOperator op) {
    return opAllocators.get(index.get(op)).getAllocatedMemory();
  }

  /** Operator {@code i}'s allocator's bytes now. */
  long memoryUsed(int i) {
    return opAllocators.get(i).getAllocatedMemory();
  }

  /**
   * Why operator {@code i} starts no task now: its own reason, or the scheduler's (slot, memory,
   * output space) when it is ready but held. No side effects. Loop thread only.
   */
  BlockingReason whyBlocked(int i) {
    return scheduler.whyBlocked(i);
  }

  @Override
  public long memoryShare() {
    return lease.memory().operatorShare();
  }

  @Override
  public long reservedBytes() {
    return ledger.reservedBytes();
  }

  @Override
  public long reservedBytes(PhysicalOperator op) {
    return ledger.reservedBytes(index.get(op));
  }

  @Override
  public OperatorProfile profile(PhysicalOperator op) {
    return profiles.get(index.get(op));
  }

  @Override
  public List<PhysicalOperator> operators() {
    return graph.operators();
  }

  @Override
  public List<PhysicalOperator> downstreamOf(PhysicalOperator op) {
    List<PhysicalOperator> out = new ArrayList<>();
    for (int c = graph.consumer(index.get(op)); c >= 0; c = graph.consumer(c)) {
      out.add(graph.get(c));
    }
    return out;
  }

  /** The job's spill directory (its files are deleted when the job ends). */
  public SpillDirectory spillDirectory() {
    return spill;
  }
}
