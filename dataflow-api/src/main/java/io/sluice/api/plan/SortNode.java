package io.sluice.api.plan;

import io.sluice.api.PlanException;
import io.sluice.api.SortKey;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * All-to-all: rows ordered by one or more keys, compared left to right (stable, nulls last in each
 * key), by an external sort.
 *
 * @param input the rows to order
 * @param keys the keys, most significant first; at least one
 */
public record SortNode(LogicalNode input, List<SortKey> keys) implements LogicalNode {

  public SortNode {
    keys = List.copyOf(keys);
    if (keys.isEmpty()) {
      throw new PlanException("sort: no sort keys given");
    }
  }

  @Override
  public List<LogicalNode> inputs() {
    return List.of(input);
  }

  @Override
  public LogicalNode withInputs(List<LogicalNode> inputs) {
    return new SortNode(inputs.get(0), keys);
  }

  @Override
  public String name() {
    return "Sort";
  }

  /** The key columns, most significant first. */
  public List<String> columns() {
    return keys.stream().map(SortKey::column).toList();
  }

  @Override
  public Optional<Schema> schema() {
    Optional<Schema> s = input.schema();
    if (s.isPresent()) {
      List<String> names = s.get().getFields().stream().map(Field::getName).toList();
      for (String c : columns()) {
        if (!names.contains(c)) {
          throw new PlanException("sort: no column '" + c + "' in " + names);
        }
      }
    }
    return s;
  }

  @Override
  public String toString() {
    return "Sort[" + keys.stream().map(SortKey::toString).collect(Collectors.joining(", ")) + "]";
  }
}
