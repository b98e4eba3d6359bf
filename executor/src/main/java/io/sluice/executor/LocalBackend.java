package io.sluice.executor;

import io.sluice.api.ExecutionOptions;
import io.sluice.api.JobStats;
import io.sluice.api.plan.LogicalNode;
import io.sluice.api.spi.BatchStream;
import io.sluice.api.spi.Datasink;
import io.sluice.api.spi.ExecutionBackend;
import io.sluice.api.spi.WriteResult;
import io.sluice.api.PlanException;
import io.sluice.api.plan.LimitNode;
import io.sluice.executor.op.ResumePlan;
import io.sluice.api.spi.ResumableWriteJob;
import java.io.IOException;
import io.sluice.executor.op.OutputOperator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import io.sluice.executor.op.WriteOperator;
import io.sluice.executor.plan.PhysicalPlan;
import io.sluice.executor.plan.PhysicalPlanner;
import io.sluice.executor.run.DrainRateAdmissionPolicy;
import io.sluice.executor.run.Job;
import io.sluice.executor.run.LocalBatchStream;
import io.sluice.executor.run.MemoryBudgetPolicy;
import io.sluice.executor.store.MaterializedSpiller;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * The embedded executor: one JVM, a CPU worker pool shared by its jobs, and a root Arrow allocator
 * that every job's allocators hang from. Thread-safe; jobs may run concurrently.
 */
public final class LocalBackend implements ExecutionBackend {

  private static final AtomicInteger BACKENDS = new AtomicInteger();
  private final ExecutionOptions options;
  private final BufferAllocator root;
  private final ExecutorService workers;
  private final AtomicInteger jobs = new AtomicInteger();
  private final String prefix;
  private volatile JobStats lastStats;
  private final java.util.Queue<Job> jobsRun = new java.util.concurrent.ConcurrentLinkedQueue<>();

  public LocalBackend(ExecutionOptions options) {
    this.options = options;
    this.root = new RootAllocator(org.apache.arrow.memory.AllocationListener.NOOP, Long.MAX_VALUE,
        io.sluice.executor.run.MemoryRounding.INSTANCE);
    AtomicInteger threads = new AtomicInteger();
    this.workers = Executors.newCachedThreadPool(r -> {
      // 4 MiB of stack, as for actors: UDFs may call native code that recurses deeply (ORT, DJL).
      Thread t = new Thread(null, r, "sluice-worker-" + threads.incrementAndGet(), 4L << 20);
      t.setDaemon(true);
      return t;
    });
    this.prefix = "job-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))
        + "-" + BACKENDS.incrementAndGet() + "-";
  }

  @Override
  public ExecutionOptions options() {
    return options;
  }

  @Override
  public BufferAllocator allocator() {
    return root;
  }

  private String newJobId() {
    return prefix + jobs.incrementAndGet();
  }

  private Job newJob(String id, ExecutionOptions opts, PhysicalPlan plan, String deadLetterPath, ResumePlan resume) {
    Job job = new Job(id, opts, plan, root, workers, List.of(new MemoryBudgetPolicy(), new DrainRateAdmissionPolicy()),
        deadLetterPath, resume);
    jobsRun.add(job);
    return job;
  }

  @Override
  public BatchStream stream(LogicalNode logical) {
    PhysicalPlan plan = new PhysicalPlanner(options.cpuSlots()).plan(logical, "Output",
        schema -> () -> new OutputOperator("Output"));
    Job job = newJob(newJobId(), options, plan, null, ResumePlan.NONE);
    return new LocalBatchStream(job, root,
        label -> new MaterializedSpiller(options, prefix + label + "-" + System.nanoTime(), root),
        stats -> ended(job, stats));
  }

  /**
   * Writes the plan's output through {@code sink}, in one job whose sink node is a
   * {@link WriteOperator}. A named (resumable) job checkpoints each read split and, run again after
   * a crash, skips the splits an earlier run finished: it runs in order (splits must not
   * interleave), needs the output schema before reading (when no stage declares it, a one-row run
   * finds it), and decides what it takes over ({@link ResumePlan}) before it starts.
   */
  @Override
  public WriteResult write(LogicalNode logical, Datasink sink) {
    Optional<String> named = sink.resumableJobId();
    String id = named.orElseGet(this::newJobId);
    ExecutionOptions opts = named.isPresent() ? options.toBuilder().preserveOrder(true).build() : options;
    Schema declared = named.isPresent() ? logical.schema().orElseGet(() -> firstBatchSchema(logical)) : null;
    ResumableWriteJob prepared = named.isPresent()
        ? WriteOperator.prepareResumable(sink.name(), sink, declared, id) : null;
    Job job;
    try {
      PhysicalPlan plan = new PhysicalPlanner(opts.cpuSlots()).plan(logical, sink.name(), schema -> prepared != null
          ? () -> new WriteOperator(sink.name(), sink, declared, prepared)
          : () -> new WriteOperator(sink.name(), sink, schema.orElse(null), id));
      ResumePlan resume = prepared != null ? ResumePlan.recover(prepared, plan.splits()) : ResumePlan.NONE;
      job = newJob(id, opts, plan, sink.destination() + "_dead_letter", resume);
    } catch (IOException e) {
      prepared.abort();
      throw new io.sluice.api.OperatorException(sink.name(), "cannot recover the checkpoints of job " + id + " in "
          + sink.destination() + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      if (prepared != null) {
        prepared.abort();
      }
      throw e;
    }
    WriteOperator writer = job.sink(WriteOperator.class);
    try {
      return job.run(writer::commit, writer::abort);
    } finally {
      ended(job, job.stats());
    }
  }

  private Schema firstBatchSchema(LogicalNode logical) {
    try (BatchStream s = stream(new LimitNode(logical, 1))) {
      VectorSchemaRoot b = s.next();
      if (b == null) {
        throw new PlanException("a resumable write needs its output schema, but the input has no rows to infer"
            + " it from; declare the output schema of the last map");
      }
      try (b) {
        return b.getSchema();
      }
    }
  }

  /** Forgets a job once it has released everything (jobs with stuck tasks are kept until close). */
  private void ended(Job job, JobStats stats) {
    lastStats = stats;
    if (job.reaper() == null) {
      jobsRun.remove(job);
    }
  }

  @Override
  public Optional<JobStats> lastJobStats() {
    return Optional.ofNullable(lastStats);
  }

  @Override
  public List<JobStats> runningJobStats() {
    List<JobStats> out = new java.util.ArrayList<>();
    for (Job job : jobsRun) {
      JobStats live = job.liveStats();
      if (live != null && job.reaper() == null) {
        out.add(live);
      }
    }
    return out;
  }

  /**
   * Waits (up to 30 s) for jobs whose stuck tasks are still being released, then closes the root
   * allocator, which fails if any Arrow memory leaked.
   */
  @Override
  public void close() {
    for (Job job : jobsRun) {
      Thread reaper = job.reaper();
      if (reaper != null) {
        try {
          reaper.join(30_000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        if (reaper.isAlive()) {
          workers.shutdownNow();
          throw new IllegalStateException("job " + job.id() + " still has tasks stuck in user code; "
              + "their memory cannot be released");
        }
      }
    }
    jobsRun.clear();
    workers.shutdownNow();
    root.close();
  }
}
