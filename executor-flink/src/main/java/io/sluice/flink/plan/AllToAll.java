package io.sluice.flink.plan;

import io.sluice.api.plan.AggregateNode;
import io.sluice.api.plan.RandomShuffleNode;
import io.sluice.api.plan.RepartitionNode;
import io.sluice.api.plan.SortNode;
import io.sluice.flink.block.ArrowBlock;
import io.sluice.flink.block.ArrowBlockTypeInfo;
import io.sluice.flink.stage.GroupByOperator;
import io.sluice.flink.stage.RowScatter;
import io.sluice.flink.stage.ShuffleOperator;
import io.sluice.flink.stage.SortOperator;
import io.sluice.flink.stage.Untag;
import io.sluice.operators.group.GroupAggregation;
import java.util.List;
import org.apache.flink.api.common.functions.Partitioner;
import org.apache.flink.api.common.typeinfo.BasicTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.api.java.typeutils.TupleTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * The translators of the all-to-all nodes. repartition and randomShuffle are an exchange: a scatter
 * on the sending side tags each row's block part with its target partition, a custom partitioner
 * sends it to that receiving subtask; groupBy is the exchange by key hash, then each subtask
 * aggregates its groups. sort runs as one subtask that orders everything at end of input. Receiving
 * sides are CPU-group subtasks, so their count is capped at the job's CPU parallelism (more would
 * ask for slots the group does not have).
 */
final class AllToAll {

  private static final TypeInformation<Tuple2<Integer, ArrowBlock>> TAGGED =
      new TupleTypeInfo<>(BasicTypeInfo.INT_TYPE_INFO, ArrowBlockTypeInfo.INSTANCE);

  private AllToAll() {}

  /**
   * Rows dealt round-robin over min(n, parallelism) subtasks, each one partition; order across them
   * is not kept.
   */
  static DataStream<ArrowBlock> repartition(
      RepartitionNode node, List<DataStream<ArrowBlock>> in, String name, Translation job) {
    int partitions = Math.min(node.partitions(), job.parallelism());
    return exchange(in.get(0), RowScatter.roundRobin(name, partitions), partitions, name);
  }

  /** Rows scattered to random subtasks, each permuting what it got at end of input. */
  static DataStream<ArrowBlock> randomShuffle(
      RandomShuffleNode node, List<DataStream<ArrowBlock>> in, String name, Translation job) {
    int partitions = job.parallelism();
    return exchange(in.get(0), RowScatter.random(name, partitions, node.seed()), partitions, name)
        .transform(
            name,
            ArrowBlockTypeInfo.INSTANCE,
            new ShuffleOperator(name, node.seed(), job.targetBlockBytes()))
        .setParallelism(partitions)
        .slotSharingGroup(Translation.CPU_GROUP);
  }

  /**
   * Every row through one subtask that sorts at end of input (its output is one ordered stream).
   */
  static DataStream<ArrowBlock> sort(
      SortNode node, List<DataStream<ArrowBlock>> in, String name, Translation job) {
    return in.get(0)
        .transform(
            name,
            ArrowBlockTypeInfo.INSTANCE,
            new SortOperator(name, node.keys(), job.targetBlockBytes()))
        .setParallelism(1)
        .setMaxParallelism(1)
        .slotSharingGroup(Translation.CPU_GROUP);
  }

  /**
   * Rows hash-partitioned by their group key over the CPU parallelism (every row of a group meets
   * in one subtask), each subtask aggregating its groups at end of input.
   */
  static DataStream<ArrowBlock> aggregate(
      AggregateNode node, List<DataStream<ArrowBlock>> in, String name, Translation job) {
    int partitions = job.parallelism();
    GroupAggregation grouping = GroupAggregation.of(node);
    return exchange(in.get(0), RowScatter.byKey(name, partitions, grouping), partitions, name)
        .transform(
            name,
            ArrowBlockTypeInfo.INSTANCE,
            new GroupByOperator(name, grouping, job.targetBlockBytes()))
        .setParallelism(partitions)
        .slotSharingGroup(Translation.CPU_GROUP);
  }

  private static DataStream<ArrowBlock> exchange(
      DataStream<ArrowBlock> input, RowScatter scatter, int partitions, String name) {
    return input
        .flatMap(scatter)
        .returns(TAGGED)
        .name(name + " scatter")
        .setParallelism(input.getParallelism())
        .slotSharingGroup(Translation.CPU_GROUP)
        .partitionCustom(new ToTarget(), new TargetOf())
        .map(new Untag())
        .returns(ArrowBlockTypeInfo.INSTANCE)
        .name(name + " receive")
        .setParallelism(partitions)
        .slotSharingGroup(Translation.CPU_GROUP);
  }

  /** The receiving subtask is the target the scatter chose. */
  private static final class ToTarget implements Partitioner<Integer> {
    private static final long serialVersionUID = 1L;

    @Override
    public int partition(Integer target, int subtasks) {
      return target % subtasks;
    }
  }

  private static final class TargetOf implements KeySelector<Tuple2<Integer, ArrowBlock>, Integer> {
    private static final long serialVersionUID = 1L;

    @Override
    public Integer getKey(Tuple2<Integer, ArrowBlock> tagged) {
      return tagged.f0;
    }
  }
}
