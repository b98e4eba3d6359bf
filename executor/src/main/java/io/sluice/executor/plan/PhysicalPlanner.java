package io.sluice.executor.plan;

import io.sluice.api.Compute;
import io.sluice.api.PlanException;
import io.sluice.api.plan.FilterNode;
import io.sluice.api.plan.FlatMapNode;
import io.sluice.api.plan.FusedMapNode;
import io.sluice.api.plan.LimitNode;
import io.sluice.api.plan.LogicalNode;
import io.sluice.api.plan.MapBatchesNode;
import io.sluice.api.plan.MapNode;
import io.sluice.api.plan.MapRowsNode;
import io.sluice.api.plan.RandomShuffleNode;
import io.sluice.api.plan.RepartitionNode;
import io.sluice.api.plan.ReadNode;
import io.sluice.api.plan.RenameNode;
import io.sluice.api.plan.SelectNode;
import io.sluice.api.plan.SortNode;
import io.sluice.api.plan.UnionNode;
import io.sluice.executor.op.ActorPoolOperator;
import io.sluice.executor.op.LimitOperator;
import io.sluice.executor.op.PhysicalOperator;
import io.sluice.executor.op.RandomShuffleOperator;
import io.sluice.executor.op.RepartitionOperator;
import io.sluice.executor.op.SortOperator;
import io.sluice.executor.op.ReadOperator;
import io.sluice.executor.op.TaskMapOperator;
import io.sluice.executor.op.UnionOperator;
import io.sluice.operators.core.MapStages;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Turns an optimized logical plan into a {@link PhysicalPlan}: one translator per node type, inputs
 * before consumers, then the given sink operator on top.
 */
public final class PhysicalPlanner {

  private final Map<Class<? extends LogicalNode>, NodeTranslator<? extends LogicalNode>> translators =
      new HashMap<>();
  private final Map<String, Integer> nameCounts = new HashMap<>();

  public PhysicalPlanner() {
    register(ReadNode.class, (n, name) -> new ReadOperator(name, n.source()));
    register(LimitNode.class, (n, name) -> new LimitOperator(name, n.limit()));
    register(UnionNode.class, (n, name) -> new UnionOperator(name, n.inputs().size()));
    register(RepartitionNode.class, (n, name) -> new RepartitionOperator(name, n.partitions()));
    register(RandomShuffleNode.class, (n, name) -> new RandomShuffleOperator(name, n.seed()));
    register(SortNode.class, (n, name) -> new SortOperator(name, n.column(), n.ascending()));
    NodeTranslator<MapNode> map = PhysicalPlanner::translateMap;
    for (Class<? extends MapNode> c : List.of(MapBatchesNode.class, MapRowsNode.class, FlatMapNode.class,
        FilterNode.class, SelectNode.class, RenameNode.class, FusedMapNode.class)) {
      register(c, map::translate);
    }
  }

  private <N extends LogicalNode> void register(Class<N> type, NodeTranslator<N> translator) {
    translators.put(type, translator);
  }

  private static PhysicalOperator translateMap(MapNode node, String name) {
    if (node.compute() instanceof Compute.Actors actors) {
      return new ActorPoolOperator(name, MapStages.toUdfFactory(node), actors);
    }
    return new TaskMapOperator(name, MapStages.toUdfFactory(node), node.compute().cpus());
  }

  /**
   * Builds the plan under {@code sink}. Validates the whole plan first (schemas, model bindings), so
   * a bad plan fails before anything runs.
   *
   * @param sink makes the sink operator, given the plan's output schema when known
   */
  public PhysicalPlan plan(LogicalNode root,
      Function<java.util.Optional<org.apache.arrow.vector.types.pojo.Schema>, PhysicalOperator> sink) {
    var schema = root.schema();
    PhysicalPlan plan = new PhysicalPlan();
    int top = add(root, plan);
    plan.add(sink.apply(schema), List.of(top));
    return plan;
  }

  @SuppressWarnings("unchecked")
  private int add(LogicalNode node, PhysicalPlan plan) {
    List<Integer> producers = new ArrayList<>();
    for (LogicalNode in : node.inputs()) {
      producers.add(add(in, plan));
    }
    NodeTranslator<LogicalNode> t = (NodeTranslator<LogicalNode>) translators.get(node.getClass());
    if (t == null) {
      throw new PlanException("the local executor cannot run plan node " + node.getClass().getSimpleName());
    }
    return plan.add(t.translate(node, uniqueName(node.name())), producers);
  }

  private String uniqueName(String base) {
    int n = nameCounts.merge(base, 1, Integer::sum);
    return n == 1 ? base : base + "#" + n;
  }
}
