package io.sluice.api.plan;

import io.sluice.api.PlanException;
import java.util.List;
import java.util.Optional;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Concatenates its inputs; with order preserved, all rows of input 0 come first, then input 1...
 */
public record UnionNode(List<LogicalNode> inputs) implements LogicalNode {

  public UnionNode {
    inputs = List.copyOf(inputs);
    if (inputs.size() < 2) {
      throw new IllegalArgumentException("a union has at least two inputs");
    }
  }

  @Override
  public LogicalNode withInputs(List<LogicalNode> inputs) {
    return new UnionNode(inputs);
  }

  @Override
  public String name() {
    return "Union";
  }

  @Override
  public Optional<Schema> schema() {
    Optional<Schema> first = inputs.get(0).schema();
    for (int i = 1; i < inputs.size(); i++) {
      Optional<Schema> other = inputs.get(i).schema();
      if (first.isPresent()
          && other.isPresent()
          && !first.get().getFields().equals(other.get().getFields())) {
        throw new PlanException(
            "union: input " + i + " has schema " + other.get() + " but input 0 has " + first.get());
      }
    }
    return first;
  }

  @Override
  public String toString() {
    return "Union";
  }
}
