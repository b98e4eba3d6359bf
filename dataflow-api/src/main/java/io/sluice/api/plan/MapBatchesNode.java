package io.sluice.api.plan;

import io.sluice.api.Compute;
import io.sluice.api.udf.UdfFactory;
import java.util.Optional;
import org.apache.arrow.vector.types.pojo.Schema;

/** Applies a batch UDF, statelessly on the CPU pool or statefully on an actor pool. */
public record MapBatchesNode(LogicalNode input, UdfFactory udf, Compute compute)
    implements MapNode {

  @Override
  public String name() {
    return udf.name();
  }

  @Override
  public Optional<Schema> outputSchema(Optional<Schema> inputSchema) {
    return inputSchema.flatMap(udf::outputSchema);
  }

  @Override
  public MapNode withInput(LogicalNode input) {
    return new MapBatchesNode(input, udf, compute);
  }

  @Override
  public String toString() {
    return "MapBatches[" + udf.name() + ", " + compute + "]";
  }
}
