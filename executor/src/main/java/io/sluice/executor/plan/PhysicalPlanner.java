package io.sluice.executor.plan;

import io.sluice.api.Compute;
import io.sluice.api.PlanException;
import io.sluice.api.plan.AggregateNode;
import io.sluice.api.plan.LimitNode;
import io.sluice.api.plan.LogicalNode;
import io.sluice.api.plan.MapNode;
import io.sluice.api.plan.RandomShuffleNode;
import io.sluice.api.plan.ReadNode;
import io.sluice.api.plan.RepartitionNode;
import io.sluice.api.plan.SortNode;
import io.sluice.api.plan.UnionNode;
import io.sluice.api.udf.UdfFactory;
import io.sluice.executor.op.ActorPoolOperator;
import io.sluice.executor.op.AggregateOperator;
import io.sluice.executor.op.LimitOperator;
import io.sluice.executor.op.RandomShuffleOperator;
import io.sluice.executor.op.RepartitionOperator;
import io.sluice.executor.op.SortOperator;
import io.sluice.executor.op.TaskMapOperator;
import io.sluice.executor.op.UnionOperator;
import io.sluice.operators.core.MapStages;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Turns an optimized logical plan into a {@link PhysicalPlan} of operator factories: one translator
 * per node type, found by the node's class in one registry (a node type without its own entry uses
 * the entry of the node interface it implements: every {@link MapNode} shares one), inputs before
 * consumers, then the given sink node on top.
 */
public final class PhysicalPlanner {

  private final Map<Class<?>, NodeTranslator<? extends LogicalNode>> translators = new HashMap<>();
  private final Map<String, Integer> nameCounts = new HashMap<>();

  /**
   * @param readParallelism the hint sources plan their read tasks for (the CPU slots)
   */
  public PhysicalPlanner(int readParallelism) {
    register(ReadNode.class, (n, name) -> new ReadFactory(name, n.source(), readParallelism));
    register(LimitNode.class, (n, name) -> () -> new LimitOperator(name, n.limit()));
    register(UnionNode.class, (n, name) -> () -> new UnionOperator(name, n.inputs().size()));
    register(
        RepartitionNode.class, (n, name) -> () -> new RepartitionOperator(name, n.partitions()));
    register(RandomShuffleNode.class, (n, name) -> () -> new RandomShuffleOperator(name, n.seed()));
    register(SortNode.class, (n, name) -> () -> new SortOperator(name, n.keys()));
    register(AggregateNode.class, (n, name) -> () -> new AggregateOperator(name, n));
    register(MapNode.class, PhysicalPlanner::translateMap);
  }

  private <N extends LogicalNode> void register(Class<N> type, NodeTranslator<N> translator) {
    translators.put(type, translator);
  }

  private static OperatorFactory translateMap(MapNode node, String name) {
    UdfFactory udf =
        MapStages.toUdfFactory(node); // fails here, before anything runs, on a bad stage
    if (node.compute() instanceof Compute.Actors actors) {
      return () -> new ActorPoolOperator(name, udf, actors);
    }
    Compute compute = node.compute();
    return () -> new TaskMapOperator(name, udf, compute);
  }

  /**
   * Builds the plan under a sink node. Validates the whole plan first (schemas, model bindings), so
   * a bad plan fails before anything runs.
   *
   * @param sinkName the sink node's (and operator's) name
   * @param sink makes the sink's factory, given the plan's output schema when known
   */
  public PhysicalPlan plan(
      LogicalNode root, String sinkName, Function<Optional<Schema>, OperatorFactory> sink) {
    var schema = root.schema();
    PhysicalPlan.Builder plan = PhysicalPlan.builder();
    int top = add(root, plan);
    plan.add(sinkName, sink.apply(schema), List.of(top));
    return plan.build();
  }

  private int add(LogicalNode node, PhysicalPlan.Builder plan) {
    List<Integer> producers = new ArrayList<>();
    for (LogicalNode in : node.inputs()) {
      producers.add(add(in, plan));
    }
    String name = uniqueName(node.name());
    return plan.add(name, translatorFor(node).translate(node, name), producers);
  }

  /**
   * The translator registered for the node's class, else for the first registered interface it has.
   */
  @SuppressWarnings("unchecked")
  private NodeTranslator<LogicalNode> translatorFor(LogicalNode node) {
    Class<?> type = node.getClass();
    NodeTranslator<? extends LogicalNode> t = translators.get(type);
    if (t == null) {
      for (Class<?> i : type.getInterfaces()) {
        t = translators.get(i);
        if (t != null) {
          translators.put(type, t); // one lookup next time
          break;
        }
      }
    }
    if (t == null) {
      throw new PlanException("the local executor cannot run plan node " + type.getSimpleName());
    }
    return (NodeTranslator<LogicalNode>) t;
  }

  private String uniqueName(String base) {
    int n = nameCounts.merge(base, 1, Integer::sum);
    return n == 1 ? base : base + "#" + n;
  }
}
