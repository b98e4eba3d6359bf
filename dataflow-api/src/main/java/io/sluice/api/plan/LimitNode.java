package io.sluice.api.plan;

import java.util.List;
import java.util.Optional;
import org.apache.arrow.vector.types.pojo.Schema;

/** Passes through the first {@code limit} rows (in order when order is preserved). */
public record LimitNode(LogicalNode input, long limit) implements LogicalNode {

  public LimitNode {
    if (limit < 0) {
      throw new IllegalArgumentException("limit must be >= 0, got " + limit);
    }
  }

  @Override
  public List<LogicalNode> inputs() {
    return List.of(input);
  }

  @Override
  public LogicalNode withInputs(List<LogicalNode> inputs) {
    return new LimitNode(inputs.get(0), limit);
  }

  @Override
  public String name() {
    return "Limit";
  }

  @Override
  public Optional<Schema> schema() {
    return input.schema();
  }

  @Override
  public String toString() {
    return "Limit[" + limit + "]";
  }
}
