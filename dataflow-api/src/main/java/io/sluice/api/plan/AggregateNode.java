package io.sluice.api.plan;

import io.sluice.api.Aggregate;
import io.sluice.api.PlanException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * All-to-all: one row per distinct combination of the key columns (nulls form a group of their own,
 * as SQL's {@code GROUP BY}), holding the keys then each aggregate, by hash partitioning that
 * spills. Groups come out in no particular order.
 *
 * @param input the rows to group
 * @param keys the grouping columns; at least one
 * @param aggregates what to compute per group, in output order (none: the distinct keys)
 */
public record AggregateNode(LogicalNode input, List<String> keys, List<Aggregate> aggregates)
    implements LogicalNode {

  public AggregateNode {
    keys = List.copyOf(keys);
    aggregates = List.copyOf(aggregates);
    if (keys.isEmpty()) {
      throw new PlanException("groupBy: no key columns given");
    }
    Set<String> names = new HashSet<>();
    for (String k : keys) {
      if (!names.add(k)) {
        throw new PlanException("groupBy: key column '" + k + "' given twice");
      }
    }
    for (Aggregate a : aggregates) {
      if (!names.add(a.name())) {
        throw new PlanException(
            "aggregate: output column '" + a.name() + "' appears twice; rename one with as()");
      }
    }
  }

  @Override
  public List<LogicalNode> inputs() {
    return List.of(input);
  }

  @Override
  public LogicalNode withInputs(List<LogicalNode> inputs) {
    return new AggregateNode(inputs.get(0), keys, aggregates);
  }

  @Override
  public String name() {
    return "Aggregate";
  }

  @Override
  public Optional<Schema> schema() {
    return input.schema().map(this::outputSchema);
  }

  /**
   * The output schema for input schema {@code in}: the key fields as they are, then each
   * aggregate's.
   *
   * @throws PlanException when a column is missing or has a type its aggregate does not support
   */
  public Schema outputSchema(Schema in) {
    return outputSchema(in, keys, aggregates);
  }

  /**
   * {@link #outputSchema(Schema)} of a group-by on {@code keys} computing {@code aggregates}, for
   * backends that ship the two without the plan node.
   */
  public static Schema outputSchema(Schema in, List<String> keys, List<Aggregate> aggregates) {
    List<Field> out = new ArrayList<>();
    for (String k : keys) {
      out.add(field(in, k, "groupBy"));
    }
    for (Aggregate a : aggregates) {
      out.add(a.outputField(a.column() == null ? null : field(in, a.column(), a.name())));
    }
    return new Schema(out);
  }

  private static Field field(Schema in, String column, String what) {
    return in.getFields().stream()
        .filter(f -> f.getName().equals(column))
        .findFirst()
        .orElseThrow(
            () ->
                new PlanException(
                    what
                        + ": no column '"
                        + column
                        + "' in "
                        + in.getFields().stream().map(Field::getName).toList()));
  }

  @Override
  public String toString() {
    return "Aggregate[by " + keys + (aggregates.isEmpty() ? "" : ": " + aggregates) + "]";
  }
}
