package io.sluice.api.plan;

import io.sluice.api.Compute;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Adjacent stateless map stages with equal compute, run as one operator: each block goes through
 * every stage in one task, with no queue between them. The stages' own inputs are ignored; they
 * apply in list order to this node's input.
 */
public record FusedMapNode(LogicalNode input, List<MapNode> stages) implements MapNode {

  public FusedMapNode {
    stages = List.copyOf(stages);
    if (stages.size() < 2) {
      throw new IllegalArgumentException("a fused map has at least two stages");
    }
  }

  @Override
  public String name() {
    return stages.stream().map(LogicalNode::name).collect(Collectors.joining("->"));
  }

  @Override
  public Compute compute() {
    return stages.get(0).compute();
  }

  @Override
  public Optional<Schema> outputSchema(Optional<Schema> inputSchema) {
    Optional<Schema> s = inputSchema;
    for (MapNode stage : stages) {
      s = stage.outputSchema(s);
    }
    return s;
  }

  @Override
  public MapNode withInput(LogicalNode input) {
    return new FusedMapNode(input, stages);
  }

  @Override
  public String toString() {
    return "Fused" + stages;
  }
}
