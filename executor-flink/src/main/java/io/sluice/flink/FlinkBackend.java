package io.sluice.flink;

import io.sluice.api.ErrorPolicy;
import io.sluice.api.ExecutionOptions;
import io.sluice.api.JobStats;
import io.sluice.api.PlanException;
import io.sluice.api.SluiceException;
import io.sluice.api.plan.LogicalNode;
import io.sluice.api.spi.BatchStream;
import io.sluice.api.spi.Datasink;
import io.sluice.api.spi.ExecutionBackend;
import io.sluice.api.spi.ResumableWriteJob;
import io.sluice.api.spi.WriteJob;
import io.sluice.api.spi.WriteJobHandle;
import io.sluice.api.spi.WriteResult;
import io.sluice.flink.block.ArrowBlock;
import io.sluice.flink.plan.PlanTranslator;
import io.sluice.flink.plan.Translation;
import io.sluice.flink.sink.JobCommit;
import io.sluice.flink.sink.SluiceSink;
import java.io.IOException;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.dag.Transformation;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;

/**
 * Runs plans as Flink jobs on a {@link FlinkCluster}: STREAMING mode over bounded sources (CPU
 * stages stream into actor stages with Flink's credit-based backpressure). Writes are exactly-once
 * across failover: they checkpoint every {@link FlinkCluster#checkpointInterval()} (read splits and
 * offsets, rows waiting for a full actor batch, the sink's committed segments) and restart from the
 * last checkpoint when a task or a TaskManager fails, up to {@code maxTaskRetries +
 * maxActorRestarts} times; a job that fails for good publishes nothing (see {@link SluiceSink}).
 * Output streamed to the driver comes through Flink's collect sink, without checkpoints or restarts
 * (the driver's iterator cannot be rewound, so such a job fails as a local job whose retries ran
 * out). Thread-safe; jobs may run concurrently.
 */
public final class FlinkBackend implements ExecutionBackend {

  /**
   * Task heap an actor slot asks for when it asks for GPUs (fine-grained resource profiles need
   * one).
   */
  public static final int ACTOR_HEAP_MB = 64;

  private static final AtomicInteger BACKENDS = new AtomicInteger();

  private final FlinkCluster cluster;
  private final boolean ownsCluster;
  private final ExecutionOptions options;
  private final BufferAllocator root = new RootAllocator(Long.MAX_VALUE);
  private final AtomicInteger jobs = new AtomicInteger();
  private final String prefix;
  private volatile String lastFlinkJobId;

  /**
   * @param options auto CPU slots become the cluster's parallelism (the splits of in-memory
   *     sources); the memory budget and GPU slots stay auto, as Flink's own configuration governs
   *     them
   * @param ownsCluster whether {@link #close()} also closes the cluster (backends made by the
   *     factory)
   */
  public FlinkBackend(FlinkCluster cluster, ExecutionOptions options, boolean ownsCluster) {
    this.cluster = cluster;
    this.options =
        options.resources().cpuSlots().isPresent()
            ? options
            : options.withResources(options.resources().withCpuSlots(cluster.parallelism()));
    this.ownsCluster = ownsCluster;
    this.prefix =
        "flink-job-"
            + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))
            + "-"
            + BACKENDS.incrementAndGet()
            + "-";
  }

  @Override
  public ExecutionOptions options() {
    return options;
  }

  @Override
  public BufferAllocator allocator() {
    return root;
  }

  /** The cluster this backend submits to. */
  public FlinkCluster cluster() {
    return cluster;
  }

  /** Flink's id of the most recent job submitted (for its REST API), if any. */
  public Optional<String> lastFlinkJobId() {
    return Optional.ofNullable(lastFlinkJobId);
  }

  private StreamExecutionEnvironment environment(boolean exactlyOnce) {
    Configuration conf = new Configuration();
    conf.set(
        org.apache.flink.configuration.ExecutionOptions.RUNTIME_MODE,
        RuntimeExecutionMode.STREAMING);
    if (exactlyOnce) {
      conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, cluster.checkpointInterval());
      conf.set(CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE, CheckpointingMode.EXACTLY_ONCE);
      // Aligned barriers: a slow model stage makes them wait behind the blocks in flight, so
      // clusters
      // should keep little in flight per channel (small network buffers or buffer debloating, see
      // docs/cluster.md). Unaligned ones were tried: a source's channel-state write then took as
      // long.
      conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
      conf.set(
          RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS,
          options.retries().maxTaskRetries() + options.retries().maxActorRestarts());
      // A lost TaskManager's slots stay registered until its heartbeat times out: give that time.
      conf.set(
          RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY,
          Duration.ofMillis(Math.max(1000, options.retries().backoff().toMillis())));
    } else {
      conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
    }
    // Blocks have their own serializer; anything falling back to Kryo is a bug, not a slow path.
    conf.set(PipelineOptions.GENERIC_TYPES, false);
    StreamExecutionEnvironment env = cluster.environment(conf);
    env.setParallelism(cluster.parallelism());
    env.registerSlotSharingGroup(Translation.cpuGroup());
    return env;
  }

  private DataStream<ArrowBlock> translate(
      LogicalNode plan, StreamExecutionEnvironment env, PlanTranslator translator) {
    return translator.translate(
        plan,
        new Translation(
            env,
            cluster.parallelism(),
            options.blocks().targetBytes(),
            cluster.gpusPerTaskManager(),
            ACTOR_HEAP_MB,
            options.retries().maxTaskRetries(),
            options.retries().backoff().toMillis(),
            options.retries().errorPolicy()));
  }

  @Override
  public BatchStream stream(LogicalNode plan) {
    String id = prefix + jobs.incrementAndGet();
    StreamExecutionEnvironment env = environment(false);
    PlanTranslator translator = new PlanTranslator();
    DataStream<ArrowBlock> out = translate(plan, env, translator);
    try {
      CloseableIterator<ArrowBlock> blocks = out.collectAsync();
      // The collect sink was just added last; it joins the CPU group instead of Flink's default
      // one.
      List<Transformation<?>> all = env.getTransformations();
      all.get(all.size() - 1).setSlotSharingGroup(Translation.CPU_GROUP);
      JobClient client = env.executeAsync(id);
      lastFlinkJobId = client.getJobID().toString();
      return new FlinkBatchStream(
          id,
          blocks,
          root,
          (wall, rows) -> {
            Map<String, Object> acc = Map.of();
            try {
              acc =
                  client
                      .getJobExecutionResult()
                      .get(10, TimeUnit.SECONDS)
                      .getAllAccumulatorResults();
            } catch (Exception e) {
              // cancelled or failed: the figures are unknown, the stream reports the failure itself
            }
            return FlinkJobStats.of(id, wall, rows, translator.operators(), acc)
                .withCluster(
                    FlinkRestReader.read(cluster.restAddress(), client.getJobID().toString()));
          });
    } catch (Exception e) {
      throw FlinkErrors.unwrap(id, e, getClass().getClassLoader());
    }
  }

  @Override
  public WriteResult write(LogicalNode plan, Datasink sink) {
    if (sink.resumableJobId().isPresent()) {
      throw new PlanException(
          "resumable writes (WriteOptions.withJobId) are not supported on the Flink backend yet;"
              + " run this job on Sluice.local(), or drop the job id");
    }
    String id = prefix + jobs.incrementAndGet();
    Schema schema = outputSchema(plan, "a write on the Flink backend");
    WriteJob job;
    try {
      job = sink.createJob(schema, id);
    } catch (IOException e) {
      throw new SluiceException("cannot prepare " + sink.destination() + ": " + e.getMessage(), e);
    }
    long start = System.nanoTime();
    try {
      ResumableWriteJob committable =
          JobCommit.checkSupported(job, sink.name(), sink.destination());
      WriteJobHandle handle = job.handle().orElseThrow();
      StreamExecutionEnvironment env = environment(true);
      PlanTranslator translator = new PlanTranslator();
      boolean skipping = options.retries().errorPolicy().onError() == ErrorPolicy.OnError.SKIP;
      translate(plan, env, translator)
          .sinkTo(new SluiceSink(sink.name(), handle))
          .name(sink.name())
          .setParallelism(cluster.parallelism())
          .slotSharingGroup(Translation.CPU_GROUP);
      JobExecutionResult result = env.execute(id);
      lastFlinkJobId = result.getJobID().toString();
      if (skipping) {
        // the error budget holds over the dead letters of all subtasks, so only the driver can
        // judge it
        DriverDeadLetters.check(
            options.retries().errorPolicy(),
            sink.destination() + "_dead_letter",
            DriverDeadLetters.gather(result.getAllAccumulatorResults()),
            id,
            root);
      }
      long commitStart = System.nanoTime();
      WriteResult written =
          JobCommit.publish(committable, cluster.parallelism(), id, sink.destination());
      long commitNanos = System.nanoTime() - commitStart;
      FlinkJobStats stats =
          FlinkJobStats.of(
                  id,
                  Duration.ofNanos(System.nanoTime() - start),
                  written.rows(),
                  translator.operators(),
                  result.getAllAccumulatorResults())
              .withCluster(
                  FlinkRestReader.read(cluster.restAddress(), result.getJobID().toString()));
      return written.withStats(
          stats.with(
              new JobStats.OperatorStats(
                  sink.name(),
                  1,
                  commitNanos,
                  commitNanos,
                  written.rows(),
                  written.rows(),
                  written.bytes(),
                  0,
                  0,
                  0,
                  0,
                  0)));
    } catch (Exception e) {
      job.abort();
      RuntimeException failure =
          e instanceof SluiceException se
              ? se
              : FlinkErrors.unwrap(id, e, getClass().getClassLoader());
      SluiceException.attachJobStats(
          failure,
          FlinkJobStats.of(
              id, Duration.ofNanos(System.nanoTime() - start), 0, List.of(), Map.of()));
      throw failure;
    }
  }

  /**
   * Closes the root allocator (fails if anything leaked), then the cluster if this backend owns it.
   */
  @Override
  public void close() {
    try {
      root.close();
    } finally {
      if (ownsCluster) {
        cluster.close();
      }
    }
  }
}
