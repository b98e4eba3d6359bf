package io.sluice.api.plan.rules;

import io.sluice.api.Compute;
import io.sluice.api.plan.FusedMapNode;
import io.sluice.api.plan.LogicalNode;
import io.sluice.api.plan.MapNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Fuses a stateless map into the stateless map below it when both ask for the same compute, so a
 * block passes through both in one task with no queue in between.
 */
public final class FuseStatelessMaps implements OptimizerRule {

  @Override
  public Optional<LogicalNode> rewrite(LogicalNode node) {
    if (!(node instanceof MapNode top) || !(top.input() instanceof MapNode below)) {
      return Optional.empty();
    }
    if (!(top.compute() instanceof Compute.Tasks) || !top.compute().equals(below.compute())) {
      return Optional.empty();
    }
    List<MapNode> stages = new ArrayList<>(stagesOf(below));
    stages.addAll(stagesOf(top));
    return Optional.of(new FusedMapNode(below.input(), stages));
  }

  private static List<MapNode> stagesOf(MapNode node) {
    return node instanceof FusedMapNode f ? f.stages() : List.of(node);
  }
}
