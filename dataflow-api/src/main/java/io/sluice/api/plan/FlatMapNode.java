package io.sluice.api.plan;

import io.sluice.api.Compute;
import io.sluice.api.udf.RowFlatMapper;
import java.util.Optional;
import org.apache.arrow.vector.types.pojo.Schema;

/** Maps each row to zero or more rows; schema as for {@link MapRowsNode}. */
public record FlatMapNode(LogicalNode input, RowFlatMapper fn, Compute compute, Schema declared)
    implements MapNode {

  @Override
  public String name() {
    return "FlatMap";
  }

  @Override
  public Optional<Schema> outputSchema(Optional<Schema> inputSchema) {
    return Optional.ofNullable(declared);
  }

  @Override
  public MapNode withInput(LogicalNode input) {
    return new FlatMapNode(input, fn, compute, declared);
  }

  @Override
  public String toString() {
    return "FlatMap[" + compute + "]";
  }
}
