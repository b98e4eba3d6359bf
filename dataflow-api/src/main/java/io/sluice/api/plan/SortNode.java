package io.sluice.api.plan;

import io.sluice.api.PlanException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.arrow.vector.types.pojo.Schema;

/** All-to-all: rows ordered by one column (stable, nulls last), by an external sort. */
public record SortNode(LogicalNode input, String column, boolean ascending) implements LogicalNode {

  public SortNode {
    Objects.requireNonNull(column, "column");
  }

  @Override
  public List<LogicalNode> inputs() {
    return List.of(input);
  }

  @Override
  public LogicalNode withInputs(List<LogicalNode> inputs) {
    return new SortNode(inputs.get(0), column, ascending);
  }

  @Override
  public String name() {
    return "Sort";
  }

  @Override
  public Optional<Schema> schema() {
    Optional<Schema> s = input.schema();
    if (s.isPresent() && s.get().getFields().stream().noneMatch(f -> f.getName().equals(column))) {
      throw new PlanException("sort: no column '" + column + "' in " + s.get().getFields().stream()
          .map(f -> f.getName()).toList());
    }
    return s;
  }

  @Override
  public String toString() {
    return "Sort[" + column + (ascending ? " asc" : " desc") + "]";
  }
}
