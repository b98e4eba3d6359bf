package io.sluice.executor;

import io.sluice.api.ExecutionOptions;
import io.sluice.api.JobStats;
import io.sluice.api.OperatorException;
import io.sluice.api.SluiceException;
import io.sluice.api.options.Resources;
import io.sluice.api.plan.LogicalNode;
import io.sluice.api.spi.BatchStream;
import io.sluice.api.spi.Datasink;
import io.sluice.api.spi.ExecutionBackend;
import io.sluice.api.spi.Materialized;
import io.sluice.api.spi.ResumableWriteJob;
import io.sluice.api.spi.WriteResult;
import io.sluice.executor.op.OutputOperator;
import io.sluice.executor.op.ResumePlan;
import io.sluice.executor.op.WriteOperator;
import io.sluice.executor.plan.PhysicalPlan;
import io.sluice.executor.plan.PhysicalPlanner;
import io.sluice.executor.resource.MemoryBudget;
import io.sluice.executor.resource.ResourceManager;
import io.sluice.executor.run.DrainRateAdmissionPolicy;
import io.sluice.executor.run.Job;
import io.sluice.executor.run.LocalBatchStream;
import io.sluice.executor.run.MemoryBudgetPolicy;
import io.sluice.executor.run.MemoryRounding;
import io.sluice.executor.store.MaterializedBlocks;
import io.sluice.executor.store.SpillDirectory;
import java.io.IOException;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.arrow.memory.AllocationListener;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The embedded executor: one JVM, a CPU worker pool shared by its jobs, a root Arrow allocator that
 * every job's allocators hang from, and one {@link ResourceManager} from which every job, however
 * many run at once, leases CPU slots, GPUs and its share of the memory budget. Materialized
 * datasets are kept here too, inside the same budget. Thread-safe; jobs may run concurrently.
 */
public final class LocalBackend implements ExecutionBackend {

  private static final AtomicInteger BACKENDS = new AtomicInteger();
  private final ExecutionOptions options;
  private final BufferAllocator root;
  private final ResourceManager resources;

  /** Materialized blocks kept in memory, and their share of the budget. */
  private final BufferAllocator materialized;

  private final MemoryBudget.Share materializedShare;
  private final ExecutorService workers;
  private final AtomicInteger jobs = new AtomicInteger();
  private final String prefix;
  private final Queue<Job> jobsRun = new ConcurrentLinkedQueue<>();

  /**
   * @param options with every resource set: {@link LocalBackendFactory} (behind {@code
   *     Sluice.local(options)}) fills in the auto ones, as does {@link MachineDefaults#resolve}
   * @throws IllegalArgumentException when a resource is auto
   */
  public LocalBackend(ExecutionOptions options) {
    this(
        options,
        ResourceManager.defaultAllocatorLimit(
            requireResolved(options).memoryBudgetBytes().getAsLong()));
  }

  /**
   * @param options as for {@link #LocalBackend(ExecutionOptions)}
   * @param allocatorLimit the hard limit of each job's allocator: a job whose allocations would
   *     pass it spills what its block store holds, and fails only if nothing can go
   */
  public LocalBackend(ExecutionOptions options, long allocatorLimit) {
    Resources res = requireResolved(options);
    this.options = options;
    this.root = new RootAllocator(AllocationListener.NOOP, Long.MAX_VALUE, MemoryRounding.INSTANCE);
    this.resources =
        new ResourceManager(
            res.cpuSlots().getAsInt(),
            res.gpuSlots().getAsInt(),
            res.memoryBudgetBytes().getAsLong(),
            allocatorLimit,
            root);
    this.materialized = root.newChildAllocator("materialized", 0, Long.MAX_VALUE);
    this.materializedShare = resources.memory().open("materialized", materialized);
    AtomicInteger threads = new AtomicInteger();
    this.workers =
        Executors.newCachedThreadPool(
            r -> {
              // 4 MiB of stack, as for actors: UDFs may call native code that recurses deeply (ORT,
              // DJL).
              Thread t =
                  new Thread(null, r, "sluice-worker-" + threads.incrementAndGet(), 4L << 20);
              t.setDaemon(true);
              return t;
            });
    this.prefix =
        "job-"
            + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))
            + "-"
            + BACKENDS.incrementAndGet()
            + "-";
  }

  private static Resources requireResolved(ExecutionOptions options) {
    if (!options.resources().isResolved()) {
      throw new IllegalArgumentException(
          "LocalBackend needs every resource set, got "
              + options.resources()
              + "; create it with Sluice.local(options), or fill them in with MachineDefaults.resolve");
    }
    return options.resources();
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

  private int cpuSlots() {
    return options.resources().cpuSlots().getAsInt();
  }

  /** The CPU slots, GPUs and memory budget this backend's jobs share. */
  public ResourceManager resources() {
    return resources;
  }

  private Job newJob(
      String id,
      ExecutionOptions opts,
      PhysicalPlan plan,
      String deadLetterPath,
      ResumePlan resume) {
    Job job =
        new Job(
            id,
            opts,
            plan,
            resources,
            workers,
            List.of(new MemoryBudgetPolicy(), new DrainRateAdmissionPolicy()),
            deadLetterPath,
            resume);
    jobsRun.add(job);
    return job;
  }

  @Override
  public BatchStream stream(LogicalNode logical) {
    return stream(logical, root);
  }

  private LocalBatchStream stream(LogicalNode logical, BufferAllocator target) {
    PhysicalPlan plan =
        new PhysicalPlanner(cpuSlots())
            .plan(logical, "Output", schema -> () -> new OutputOperator("Output"));
    Job job = newJob(newJobId(), options, plan, null, ResumePlan.NONE);
    return new LocalBatchStream(job, target, stats -> ended(job));
  }

  /**
   * Keeps the plan's output within the budget: materialized blocks together keep at most half of it
   * in memory (the jobs reading them need the other half), and the oldest blocks beyond that go to
   * a spill directory of their own, written on the caller's thread, which no control loop waits on.
   * Their in-memory bytes count in the budget every job's share is cut from.
   */
  @Override
  public Materialized materialize(LogicalNode logical) {
    long keep = resources.memory().materializedKeep(materialized.getAllocatedMemory());
    MaterializedBlocks kept =
        new MaterializedBlocks(
            new SpillDirectory(options, prefix + "materialize-" + System.nanoTime()), root);
    try {
      LocalBatchStream s = stream(logical, materialized);
      try (s) {
        VectorSchemaRoot b;
        while ((b = s.next()) != null) {
          kept.add(b);
          while (kept.memoryBytes() > keep && kept.spillOldest() > 0) {
            // the oldest blocks go first: the newest are the likeliest to be read next
          }
        }
      }
      kept.jobStats(s.stats().plusSpill("materialize", kept.stats()));
    } catch (RuntimeException e) {
      kept.close();
      throw e;
    }
    kept.schemaIfEmpty(logical.schema().orElse(new Schema(List.of())));
    return kept;
  }

  /**
   * Writes the plan's output through {@code sink}, in one job whose sink node is a {@link
   * WriteOperator}. A named (resumable) job checkpoints each read split and, run again after a
   * crash, skips the splits an earlier run finished: it runs in order (splits must not interleave),
   * needs the output schema before reading (when no stage declares it, a one-row run finds it), and
   * decides what it takes over ({@link ResumePlan}) before it starts.
   */
  @Override
  public WriteResult write(LogicalNode logical, Datasink sink) {
    Optional<String> named = sink.resumableJobId();
    String id = named.orElseGet(this::newJobId);
    ExecutionOptions opts =
        named.isPresent() ? options.toBuilder().preserveOrder(true).build() : options;
    Schema declared = named.isPresent() ? outputSchema(logical, "a resumable write") : null;
    ResumableWriteJob prepared =
        named.isPresent() ? WriteOperator.prepareResumable(sink.name(), sink, declared, id) : null;
    Job job;
    try {
      PhysicalPlan plan =
          new PhysicalPlanner(cpuSlots())
              .plan(
                  logical,
                  sink.name(),
                  schema ->
                      prepared != null
                          ? () -> new WriteOperator(sink.name(), sink, declared, prepared)
                          : () -> new WriteOperator(sink.name(), sink, schema.orElse(null), id));
      ResumePlan resume =
          prepared != null ? ResumePlan.recover(prepared, plan.splits()) : ResumePlan.NONE;
      job = newJob(id, opts, plan, sink.destination() + "_dead_letter", resume);
    } catch (IOException e) {
      prepared.abort();
      throw new OperatorException(
          sink.name(),
          "cannot recover the checkpoints of job "
              + id
              + " in "
              + sink.destination()
              + ": "
              + e.getMessage(),
          e);
    } catch (RuntimeException e) {
      if (prepared != null) {
        prepared.abort();
      }
      throw e;
    }
    WriteOperator writer = job.sink(WriteOperator.class);
    try {
      return job.run(writer::commit, writer::abort).withStats(job.stats());
    } catch (RuntimeException e) {
      SluiceException.attachJobStats(e, job.stats());
      throw e;
    } finally {
      ended(job);
    }
  }

  /** Forgets a job once it has released everything (jobs with stuck tasks are kept until close). */
  private void ended(Job job) {
    if (job.reaper() == null) {
      jobsRun.remove(job);
    }
  }

  @Override
  public List<JobStats> runningJobStats() {
    List<JobStats> out = new ArrayList<>();
    for (Job job : jobsRun) {
      JobStats live = job.liveStats();
      if (live != null && job.reaper() == null) {
        out.add(live);
      }
    }
    return out;
  }

  /**
   * Waits (up to 30 s) for jobs whose stuck tasks are still being released, closes what the UDFs
   * shared (cached model sessions), then closes the root allocator, which fails if any Arrow memory
   * leaked.
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
          throw new IllegalStateException(
              "job "
                  + job.id()
                  + " still has tasks stuck in user code; "
                  + "their memory cannot be released");
        }
      }
    }
    jobsRun.clear();
    workers.shutdownNow();
    Exception shared = null;
    try {
      resources.closeUdfResources(); // model sessions: native memory outside the Arrow budget
    } catch (Exception e) {
      shared = e;
    }
    materializedShare.close();
    materialized.close();
    root.close();
    if (shared != null) {
      throw new IllegalStateException(
          "closing what the backend's UDFs shared failed: " + shared.getMessage(), shared);
    }
  }
}
