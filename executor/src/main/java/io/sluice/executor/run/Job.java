package io.sluice.executor.run;

import io.sluice.api.ExecutionOptions;
import io.sluice.api.SluiceException;
import io.sluice.executor.fault.DeadLetterWriter;
import io.sluice.executor.fault.ErrorBudget;
import io.sluice.executor.fault.Retrier;
import io.sluice.executor.op.Checkpoints;
import io.sluice.executor.op.PhysicalOperator;
import io.sluice.executor.plan.PhysicalPlan;
import io.sluice.executor.resource.JobResources;
import io.sluice.executor.resource.ResourceManager;
import io.sluice.executor.store.BlockStore;
import io.sluice.executor.store.SpillDirectory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.arrow.memory.BufferAllocator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running job: the streaming control loop with a global view. Each turn it runs the events tasks
 * posted (outputs, completions, failures), moves finished output references to the consumers'
 * queues, and dispatches tasks, most downstream operator first, while CPU slots and every
 * {@link BackpressurePolicy} allow. Data never passes through the loop, only references.
 *
 * <p>Liveness rule: when nothing runs and the only eligible operators are held back by memory, the
 * most downstream of them runs anyway, so no budget can deadlock the job.
 *
 * <p>Call-order rules: {@link #run} once, on the thread that becomes the loop thread;
 * {@link #cancel()} from any thread at any time.
 */
public final class Job implements JobView {

  private static final Logger LOG = LoggerFactory.getLogger(Job.class);
  private static final long IDLE_WAIT_MILLIS = 50;

  private final String id;
  private final ExecutionOptions options;
  private final PhysicalPlan plan;
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
  private final Retrier retrier;
  private final Checkpoints checkpoints;
  private final ErrorBudget errors;
  private final SpillDirectory spill;
  private final MemoryLedger ledger;
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
   * @param deadLetterPath where skipped rows go when the error policy names no path (beside the
   *     output), or null
   */
  public Job(String id, ExecutionOptions options, PhysicalPlan plan, ResourceManager resources, Executor workers,
      List<BackpressurePolicy> policies, String deadLetterPath) {
    this(id, options, plan, resources, workers, policies, deadLetterPath, Checkpoints.disabled());
  }

  /**
   * As above, for a resumable job whose splits {@code checkpoints} tracks. The job leases its slots,
   * GPUs and memory share from {@code resources}, shared with every job of the backend, and gives
   * them back when it ends.
   */
  public Job(String id, ExecutionOptions options, PhysicalPlan plan, ResourceManager resources, Executor workers,
      List<BackpressurePolicy> policies, String deadLetterPath, Checkpoints checkpoints) {
    this.id = id;
    this.checkpoints = checkpoints;
    this.retrier = new Retrier(options);
    String dl = options.errorPolicy().deadLetterPath() != null ? options.errorPolicy().deadLetterPath() : deadLetterPath;
    this.errors = new ErrorBudget(options.errorPolicy(), dl);
    this.options = options;
    this.plan = plan;
    this.workers = workers;
    this.resources = resources;
    int producers = 0;
    for (int i = 0; i < plan.size(); i++) {
      producers += plan.consumer(i) >= 0 ? 1 : 0;
    }
    this.producing = Math.max(1, producers);
    this.spill = new SpillDirectory(options, id);
    this.spillScratch = resources.scratchAllocator(id + "-spill");
    this.store = new BlockStore(spill, workers, spillScratch);
    this.lease = resources.lease(id, store, producing);
    this.allocator = lease.allocator();
    this.ledger = new MemoryLedger(plan);
    this.context = new JobContext(options, workers, events::add, this::fail, lease.gpus(), lease.memory(),
        retrier, checkpoints, errors, store, allocator);
    this.scheduler = new Scheduler(id, plan, lease, policies, this, ledger);
    this.watchdog = new Watchdog(id, plan, options.noProgressTimeout(), this);
  }

  public String id() {
    return id;
  }

  public PhysicalPlan plan() {
    return plan;
  }

  /**
   * Runs the job to its end on the calling thread. {@code onSuccess} runs on the loop thread once the
   * sink has finished and before anything is closed (a commit, or waiting for a consumer); it may
   * call {@link #pumpUntil}. Throws the job's failure, after every task has ended and every
   * resource is released.
   */
  public void run(Runnable onSuccess, Runnable onFailure) {
    try {
      for (int i = 0; i < plan.size(); i++) {
        PhysicalOperator op = plan.get(i);
        BufferAllocator a = allocator.newChildAllocator(op.name(), 0, resources.allocatorLimit());
        opAllocators.add(a);
        op.start(context.forOperator(a));
        startedOps++;
      }
      if (options.progress() && System.console() != null) {
        progress = new ProgressDisplay(plan);
      }
      loop();
      if (failure == null && !cancelRequested) {
        onSuccess.run();
      }
    } catch (Throwable t) {
      fail(t);
    }
    if (failure == null && cancelRequested) {
      failure = new SluiceException("job " + id + " was cancelled");
    }
    shutdown(onFailure);
    if (failure != null) {
      throw failure instanceof RuntimeException re ? re : new SluiceException(failure.getMessage(), failure);
    }
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
    return s != null ? s : LocalJobStats.of(plan, opAllocators, allocator, startNanos, System.nanoTime(), errors, spill.stats());
  }

  /**
   * The job's state as of its latest snapshot (at most a quarter second old), for live views such as
   * the web dashboard; null before the loop's first turn. Any thread.
   */
  public io.sluice.api.JobStats liveStats() {
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
    PhysicalOperator sink = plan.get(plan.sink());
    while (true) {
      runEvents(false);
      if (failure != null || cancelRequested) {
        return;
      }
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
          fail(stuck);
        }
        runEvents(true);
      }
    }
  }

  /** Runs loop events until {@code done} holds, the job fails, or it is cancelled. Loop thread only. */
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
    for (PhysicalOperator op : plan.operators().subList(0, startedOps)) {
      n += op.runningTasks();
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
    List<PhysicalOperator> started = plan.operators().subList(0, startedOps);
    if (failed) {
      for (PhysicalOperator op : started) {
        op.cancel();
      }
    }
    long grace = failed ? Math.min(TimeUnit.SECONDS.toNanos(10), options.noProgressTimeout().toNanos())
        : Long.MAX_VALUE;
    if (!awaitTasks(grace)) {
      // Tasks stuck in user code: do not hang the caller. A reaper finishes the cleanup once they end.
      stats = LocalJobStats.of(plan, opAllocators, allocator, startNanos, System.nanoTime(), errors, spill.stats());
      LOG.warn("job {}: {} tasks did not end after the failure; releasing their resources in the background",
          id, runningTasks());
      Thread t = new Thread(() -> {
        awaitTasks(Long.MAX_VALUE);
        release(started, onFailure, true);
      }, "sluice-reaper-" + id);
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
      stats = LocalJobStats.of(plan, opAllocators, allocator, startNanos, System.nanoTime(), errors, spill.stats());
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
      LOG.warn("job {}: {} rows and {} blocks were skipped; dead letters written to {}", id, errors.skippedRows(),
          errors.skippedBlocks(), errors.deadLetterPath());
    } catch (Throwable t) {
      fail(new SluiceException("job " + id + " could not write its dead letters to " + errors.deadLetterPath()
          + ": " + t.getMessage(), t));
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
      fail(new SluiceException("job " + id + " leaked Arrow memory in " + a.getName() + ": " + t.getMessage(), t));
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
    return opAllocators.get(plan.operators().indexOf(op)).getAllocatedMemory();
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
    return ledger.reservedBytes(op);
  }

  @Override
  public OperatorProfile profile(PhysicalOperator op) {
    return ledger.profile(op);
  }

  @Override
  public List<PhysicalOperator> operators() {
    return plan.operators();
  }

  @Override
  public List<PhysicalOperator> downstreamOf(PhysicalOperator op) {
    List<PhysicalOperator> out = new ArrayList<>();
    for (int c = plan.consumer(plan.operators().indexOf(op)); c >= 0; c = plan.consumer(c)) {
      out.add(plan.get(c));
    }
    return out;
  }

  @Override
  public double freeCpuSlots() {
    return lease.freeCpus();
  }

  /** The job's spill directory (its files are deleted when the job ends). */
  public SpillDirectory spillDirectory() {
    return spill;
  }

  /** Peak Arrow bytes the job held at once so far. */
  public long peakMemory() {
    return allocator.getPeakMemoryAllocation();
  }
}
