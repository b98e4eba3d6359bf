package io.sluice.api.plan;

import io.sluice.api.Compute;
import io.sluice.api.udf.RowFilter;
import java.util.Optional;
import org.apache.arrow.vector.types.pojo.Schema;

/** Keeps the rows a predicate accepts; the schema is unchanged. */
public record FilterNode(LogicalNode input, RowFilter predicate, Compute compute)
    implements MapNode {

  @Override
  public String name() {
    return "Filter";
  }

  @Override
  public Optional<Schema> outputSchema(Optional<Schema> inputSchema) {
    return inputSchema;
  }

  @Override
  public MapNode withInput(LogicalNode input) {
    return new FilterNode(input, predicate, compute);
  }

  @Override
  public String toString() {
    return "Filter[" + compute + "]";
  }
}
