package io.sluice.api.plan;

import io.sluice.api.Compute;
import java.util.List;
import java.util.Optional;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A one-input transform applied batch by batch (map, filter, flatMap, select, rename, mapBatches).
 * Adjacent map nodes with equal stateless {@link #compute()} fuse into one {@link FusedMapNode}.
 */
public interface MapNode extends LogicalNode {

  LogicalNode input();

  Compute compute();

  /** This stage's output schema given its input schema (empty when unknown until run). */
  Optional<Schema> outputSchema(Optional<Schema> inputSchema);

  /** This node over another input. */
  MapNode withInput(LogicalNode input);

  /**
   * Whether every input row yields exactly one output row, in order (select, rename, row map), so a
   * limit may move below it.
   */
  default boolean preservesRows() {
    return false;
  }

  @Override
  default List<LogicalNode> inputs() {
    return List.of(input());
  }

  @Override
  default LogicalNode withInputs(List<LogicalNode> inputs) {
    if (inputs.size() != 1) {
      throw new IllegalArgumentException(name() + " takes one input");
    }
    return withInput(inputs.get(0));
  }

  @Override
  default Optional<Schema> schema() {
    return outputSchema(input().schema());
  }
}
