package io.sluice.api.plan;

import io.sluice.api.Compute;
import io.sluice.api.udf.RowMapper;
import java.util.Optional;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Applies a row function. The output schema is {@code declared} when given, else inferred from the
 * values of the first output rows.
 */
public record MapRowsNode(LogicalNode input, RowMapper fn, Compute compute, Schema declared)
    implements MapNode {

  @Override
  public String name() {
    return "Map";
  }

  @Override
  public Optional<Schema> outputSchema(Optional<Schema> inputSchema) {
    return Optional.ofNullable(declared);
  }

  @Override
  public boolean preservesRows() {
    return true;
  }

  @Override
  public MapNode withInput(LogicalNode input) {
    return new MapRowsNode(input, fn, compute, declared);
  }

  @Override
  public String toString() {
    return "Map[" + compute + "]";
  }
}
