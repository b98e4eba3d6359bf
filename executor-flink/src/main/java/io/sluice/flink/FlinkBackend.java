package io.sluice.flink;

import io.sluice.api.ErrorPolicy;
import io.sluice.api.ExecutionOptions;
import io.sluice.api.JobStats;
import io.sluice.api.PlanException;
import io.sluice.api.SluiceException;
import io.sluice.api.plan.LimitNode;
import io.sluice.api.plan.LogicalNode;
import io.sluice.api.spi.BatchStream;
import io.sluice.api.spi.Datasink;
import io.sluice.api.spi.ExecutionBackend;
import io.sluice.api.spi.WriteJob;
import io.sluice.api.spi.WriteJobHandle;
import io.sluice.api.spi.WriteResult;
import io.sluice.api.spi.WriteTaskResult;
import io.sluice.flink.block.ArrowBlock;
import io.sluice.flink.plan.PlanTranslator;
import io.sluice.flink.plan.Translation;
import io.sluice.flink.sink.PublishedWrite;
import io.sluice.flink.sink.SluiceSink;
import java.io.IOException;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.RuntimeExecutionMode;
import org.apache.flink.api.dag.Transformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;

/**
 * Runs plans as Flink jobs on a {@link FlinkCluster}: STREAMING mode over bounded sources (CPU stages
 * stream into actor stages with Flink's credit-based backpressure), no checkpoints and no restarts
 * (a failed job fails, as a local job whose retries ran out; the sink then publishes nothing). Output
 * streamed to the driver comes through Flink's collect sink; writes commit through {@link SluiceSink}.
 * Thread-safe; jobs may run concurrently.
 */
public final class FlinkBackend implements ExecutionBackend {

  /** Task heap an actor slot asks for when it asks for GPUs (fine-grained resource profiles need one). */
  public static final int ACTOR_HEAP_MB = 64;
  private static final String PUBLISHED = "sluice-published";
  private static final String TASK_RESULTS = "sluice-task-results";
  private static final AtomicInteger BACKENDS = new AtomicInteger();

  private final FlinkCluster cluster;
  private final boolean ownsCluster;
  private final ExecutionOptions options;
  private final BufferAllocator root = new RootAllocator(Long.MAX_VALUE);
  private final AtomicInteger jobs = new AtomicInteger();
  private final String prefix;
  private volatile JobStats lastStats;
  private volatile String lastFlinkJobId;

  /**
   * @param ownsCluster whether {@link #close()} also closes the cluster (backends made by the factory)
   */
  public FlinkBackend(FlinkCluster cluster, ExecutionOptions options, boolean ownsCluster) {
    this.cluster = cluster;
    this.options = options;
    this.ownsCluster = ownsCluster;
    this.prefix = "flink-job-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + "-"
        + BACKENDS.incrementAndGet() + "-";
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

  private StreamExecutionEnvironment environment() {
    Configuration conf = new Configuration();
    conf.set(org.apache.flink.configuration.ExecutionOptions.RUNTIME_MODE, RuntimeExecutionMode.STREAMING);
    conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
    // Blocks have their own serializer; anything falling back to Kryo is a bug, not a slow path.
    conf.set(PipelineOptions.GENERIC_TYPES, false);
    StreamExecutionEnvironment env = cluster.environment(conf);
    env.setParallelism(cluster.parallelism());
    env.registerSlotSharingGroup(Translation.cpuGroup());
    return env;
  }

  private DataStream<ArrowBlock> translate(LogicalNode plan, StreamExecutionEnvironment env, PlanTranslator translator) {
    return translator.translate(plan, new Translation(env, cluster.parallelism(),
        options.targetBlockBytes(), cluster.gpusPerTaskManager(), ACTOR_HEAP_MB, options.maxTaskRetries(),
        options.retryBackoff().toMillis(), options.errorPolicy()));
  }

  @Override
  public BatchStream stream(LogicalNode plan) {
    String id = prefix + jobs.incrementAndGet();
    StreamExecutionEnvironment env = environment();
    PlanTranslator translator = new PlanTranslator();
    DataStream<ArrowBlock> out = translate(plan, env, translator);
    try {
      CloseableIterator<ArrowBlock> blocks = out.collectAsync();
      // The collect sink was just added last; it joins the CPU group instead of Flink's default one.
      List<Transformation<?>> all = env.getTransformations();
      all.get(all.size() - 1).setSlotSharingGroup(Translation.CPU_GROUP);
      JobClient client = env.executeAsync(id);
      lastFlinkJobId = client.getJobID().toString();
      return new FlinkBatchStream(id, blocks, root, (wall, rows) -> {
        Map<String, Object> acc = Map.of();
        try {
          acc = client.getJobExecutionResult().get(10, TimeUnit.SECONDS).getAllAccumulatorResults();
        } catch (Exception e) {
          // cancelled or failed: the figures are unknown, the stream reports the failure itself
        }
        lastStats = FlinkJobStats.of(id, wall, rows, translator.operators(), acc);
        return lastStats;
      });
    } catch (Exception e) {
      throw FlinkErrors.unwrap(id, e, getClass().getClassLoader());
    }
  }

  @Override
  public WriteResult write(LogicalNode plan, Datasink sink) {
    if (sink.resumableJobId().isPresent()) {
      throw new PlanException("resumable writes (WriteOptions.withJobId) are not supported on the Flink backend yet;"
          + " run this job on Sluice.local(), or drop the job id");
    }
    String id = prefix + jobs.incrementAndGet();
    Schema schema = plan.schema().orElseGet(() -> firstBatchSchema(plan));
    WriteJob job;
    try {
      job = sink.createJob(schema, id);
    } catch (IOException e) {
      throw new SluiceException("cannot prepare " + sink.destination() + ": " + e.getMessage(), e);
    }
    long start = System.nanoTime();
    try {
      WriteJobHandle handle = job.handle().orElseThrow(() -> new PlanException("sink " + sink.name() + " ("
          + sink.destination() + ") cannot be written from a Flink cluster (its write job has no handle for remote"
          + " workers); write Parquet, or run this job on Sluice.local()"));
      StreamExecutionEnvironment env = environment();
      PlanTranslator translator = new PlanTranslator();
      // Under skip the budget is summed over all subtasks only at the end, so the driver publishes.
      boolean skipping = options.errorPolicy().onError() == ErrorPolicy.OnError.SKIP;
      translate(plan, env, translator)
          .sinkTo(new SluiceSink(sink.name(), handle, skipping ? TASK_RESULTS : PUBLISHED, Translation.CPU_GROUP,
              skipping))
          .name(sink.name()).setParallelism(cluster.parallelism()).slotSharingGroup(Translation.CPU_GROUP);
      JobExecutionResult result = env.execute(id);
      lastFlinkJobId = result.getJobID().toString();
      WriteResult written;
      if (skipping) {
        List<WriteTaskResult> results = result.getAccumulatorResult(TASK_RESULTS);
        if (results == null) {
          throw new SluiceException("Flink job " + id + " ended without the task results for " + sink.destination());
        }
        DriverDeadLetters.check(options.errorPolicy(), sink.destination() + "_dead_letter",
            DriverDeadLetters.gather(result.getAllAccumulatorResults()), id, root);
        written = job.commit(results);
      } else {
        List<PublishedWrite> published = result.getAccumulatorResult(PUBLISHED);
        if (published == null || published.size() != 1) {
          throw new SluiceException("Flink job " + id + " ended without publishing " + sink.destination());
        }
        written = published.get(0).toResult();
      }
      List<String> operators = new java.util.ArrayList<>(translator.operators());
      operators.add(sink.name());
      lastStats = FlinkJobStats.of(id, Duration.ofNanos(System.nanoTime() - start), written.rows(), operators,
          result.getAllAccumulatorResults());
      return written;
    } catch (Exception e) {
      job.abort();
      lastStats = FlinkJobStats.of(id, Duration.ofNanos(System.nanoTime() - start), 0, List.of(), Map.of());
      throw e instanceof SluiceException se ? se : FlinkErrors.unwrap(id, e, getClass().getClassLoader());
    }
  }

  /** A write needs its schema before it starts; when no stage declares it, a one-row run finds it. */
  private Schema firstBatchSchema(LogicalNode plan) {
    try (BatchStream s = stream(new LimitNode(plan, 1))) {
      VectorSchemaRoot b = s.next();
      if (b == null) {
        throw new PlanException("a write on the Flink backend needs its output schema, but the input has no rows to"
            + " infer it from; declare the output schema of the last map");
      }
      try (b) {
        return b.getSchema();
      }
    }
  }

  @Override
  public Optional<JobStats> lastJobStats() {
    return Optional.ofNullable(lastStats);
  }

  /** Closes the root allocator (fails if anything leaked), then the cluster if this backend owns it. */
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
