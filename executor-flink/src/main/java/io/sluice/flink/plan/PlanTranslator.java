package io.sluice.flink.plan;

import io.sluice.api.Compute;
import io.sluice.api.PlanException;
import io.sluice.api.plan.AggregateNode;
import io.sluice.api.plan.FilterNode;
import io.sluice.api.plan.FlatMapNode;
import io.sluice.api.plan.FusedMapNode;
import io.sluice.api.plan.LimitNode;
import io.sluice.api.plan.LogicalNode;
import io.sluice.api.plan.MapBatchesNode;
import io.sluice.api.plan.MapNode;
import io.sluice.api.plan.MapRowsNode;
import io.sluice.api.plan.RandomShuffleNode;
import io.sluice.api.plan.ReadNode;
import io.sluice.api.plan.RenameNode;
import io.sluice.api.plan.RepartitionNode;
import io.sluice.api.plan.SelectNode;
import io.sluice.api.plan.SortNode;
import io.sluice.api.plan.UnionNode;
import io.sluice.api.spi.ReadTask;
import io.sluice.flink.block.ArrowBlock;
import io.sluice.flink.block.ArrowBlockTypeInfo;
import io.sluice.flink.source.ReadTaskSource;
import io.sluice.flink.stage.ActorStageOperator;
import io.sluice.flink.stage.BatchSlicer;
import io.sluice.flink.stage.CpuStageFunction;
import io.sluice.flink.stage.LimitOperator;
import io.sluice.operators.core.MapStages;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.operators.SlotSharingGroup;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * Turns an optimized logical plan into Flink DataStream transformations of {@link ArrowBlock}s: one
 * translator per node type, looked up by the node's class, inputs before consumers. Operations this
 * backend cannot run are rejected before anything is submitted, naming the operation.
 */
public final class PlanTranslator {

  private final Map<Class<? extends LogicalNode>, NodeTranslator<? extends LogicalNode>>
      translators = new HashMap<>();
  private final Map<String, Integer> nameCounts = new HashMap<>();
  private final List<String> operators = new ArrayList<>();

  public PlanTranslator() {
    register(ReadNode.class, PlanTranslator::read);
    register(LimitNode.class, PlanTranslator::limit);
    register(
        UnionNode.class,
        (n, in, name, job) -> in.get(0).union(in.subList(1, in.size()).toArray(DataStream[]::new)));
    for (Class<? extends MapNode> c :
        List.of(
            MapBatchesNode.class,
            MapRowsNode.class,
            FlatMapNode.class,
            FilterNode.class,
            SelectNode.class,
            RenameNode.class,
            FusedMapNode.class)) {
      register(c, PlanTranslator::map);
    }
    register(RepartitionNode.class, AllToAll::repartition);
    register(RandomShuffleNode.class, AllToAll::randomShuffle);
    register(SortNode.class, AllToAll::sort);
    register(AggregateNode.class, AllToAll::aggregate);
  }

  private <N extends LogicalNode> void register(Class<N> type, NodeTranslator<N> translator) {
    translators.put(type, translator);
  }

  /**
   * Adds the plan's transformations to {@code job.env()}. Validates the plan first (schemas, model
   * bindings), as the local planner does, so a bad plan fails before anything is submitted.
   */
  public DataStream<ArrowBlock> translate(LogicalNode root, Translation job) {
    root.schema();
    return add(root, job);
  }

  @SuppressWarnings("unchecked")
  private DataStream<ArrowBlock> add(LogicalNode node, Translation job) {
    NodeTranslator<LogicalNode> t = (NodeTranslator<LogicalNode>) translators.get(node.getClass());
    if (t == null) {
      throw new PlanException(
          "the Flink backend cannot run plan node "
              + node.getClass().getSimpleName()
              + " ("
              + node
              + "); run this job on Sluice.local()");
    }
    List<DataStream<ArrowBlock>> inputs = new ArrayList<>();
    for (LogicalNode in : node.inputs()) {
      inputs.add(add(in, job));
    }
    String name = uniqueName(node.name());
    operators.add(name);
    return t.translate(node, inputs, name, job);
  }

  /** The operator names of the translated plan, sources first (inputs before their consumers). */
  public List<String> operators() {
    return List.copyOf(operators);
  }

  private String uniqueName(String base) {
    int n = nameCounts.merge(base, 1, Integer::sum);
    return n == 1 ? base : base + "#" + n;
  }

  private static DataStream<ArrowBlock> read(
      ReadNode node, List<DataStream<ArrowBlock>> in, String name, Translation job) {
    List<ReadTask> tasks =
        node.source().isEmpty() ? List.of() : node.source().planReadTasks(job.parallelism());
    return job.env()
        .fromSource(
            new ReadTaskSource(
                name,
                tasks,
                job.targetBlockBytes(),
                job.maxTaskRetries(),
                job.retryBackoffMillis()),
            WatermarkStrategy.noWatermarks(),
            name,
            ArrowBlockTypeInfo.INSTANCE)
        .setParallelism(Math.max(1, Math.min(tasks.size(), job.parallelism())))
        .slotSharingGroup(Translation.CPU_GROUP);
  }

  private static DataStream<ArrowBlock> limit(
      LimitNode node, List<DataStream<ArrowBlock>> in, String name, Translation job) {
    return in.get(0)
        .transform(name, ArrowBlockTypeInfo.INSTANCE, new LimitOperator(name, node.limit()))
        .setParallelism(1)
        .setMaxParallelism(1)
        .slotSharingGroup(Translation.CPU_GROUP);
  }

  private static DataStream<ArrowBlock> map(
      MapNode node, List<DataStream<ArrowBlock>> in, String name, Translation job) {
    Compute compute = node.compute();
    if (compute.batchBytes() > 0 || (compute instanceof Compute.Tasks && compute.rebatches())) {
      throw new PlanException(
          "operator '"
              + name
              + "': the Flink backend cuts batches only by rows on actor"
              + " stages ("
              + compute
              + "); drop batchBytes, or use Compute.actors(..).batchSize(n)");
    }
    if (compute instanceof Compute.Actors actors) {
      return actors(node, actors, in.get(0), name, job);
    }
    return in.get(0)
        .flatMap(
            new CpuStageFunction(
                name, MapStages.toUdfFactory(node), node.compute().cpus(), job.errorPolicy()))
        .returns(ArrowBlockTypeInfo.INSTANCE)
        .name(name)
        .setParallelism(job.parallelism())
        .slotSharingGroup(Translation.CPU_GROUP);
  }

  /**
   * An actor pool: as many subtasks as the pool's maximum (a Flink job's parallelism is fixed once
   * it runs). A GPU pool gets a slot-sharing group of its own that asks for GPUs, so Flink places
   * it only on TaskManagers that have them; a CPU pool shares the CPU stages' slots (a group of its
   * own would ask for slots of no profile, which Flink may take from the CPU TaskManagers first and
   * then lack for the CPU stages: one CPU TaskManager of 2 slots could not run the demo).
   */
  private static DataStream<ArrowBlock> actors(
      MapNode node,
      Compute.Actors actors,
      DataStream<ArrowBlock> input,
      String name,
      Translation job) {
    if (actors.gpus() > 0
        && job.gpusPerTaskManager().isPresent()
        && job.gpusPerTaskManager().getAsInt() < actors.gpus()) {
      throw new PlanException(
          "operator '"
              + name
              + "' asks for "
              + actors.gpus()
              + " GPUs per actor, but the cluster's TaskManagers have "
              + job.gpusPerTaskManager().getAsInt()
              + " GPUs each (start the cluster with GPU TaskManagers, or run with gpus(0))");
    }
    // Cut into batch-sized pieces where the input is produced (same subtasks and slot-sharing
    // group, so the cut chains to it), then deal them round-robin: blocks bigger than a batch would
    // otherwise go whole to one actor and leave the others idle.
    SingleOutputStreamOperator<ArrowBlock> pieces =
        input
            .flatMap(new BatchSlicer(name, actors.batchSize()))
            .returns(ArrowBlockTypeInfo.INSTANCE)
            .name(name + ": cut into batches")
            .setParallelism(input.getParallelism());
    SingleOutputStreamOperator<ArrowBlock> pool =
        pieces
            .rebalance()
            .transform(
                name,
                ArrowBlockTypeInfo.INSTANCE,
                new ActorStageOperator(
                    name, MapStages.toUdfFactory(node), actors, job.errorPolicy()))
            .setParallelism(actors.maxActors());
    if (actors.gpus() == 0) {
      // CPU-only pools share the CPU group: a group of their own would take slots that the CPU
      // stages need from a TaskManager without GPUs
      return pool.slotSharingGroup(Translation.CPU_GROUP);
    }
    return pool.slotSharingGroup(
        SlotSharingGroup.newBuilder("gpu-" + name)
            .setCpuCores(actors.cpus() > 0 ? actors.cpus() : 0.1)
            .setTaskHeapMemoryMB(job.actorHeapMb())
            .setExternalResource("gpu", actors.gpus())
            .build());
  }
}
