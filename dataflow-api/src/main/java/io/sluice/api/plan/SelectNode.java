package io.sluice.api.plan;

import io.sluice.api.Compute;
import io.sluice.api.PlanException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/** Keeps the named columns, in the given order. */
public record SelectNode(LogicalNode input, List<String> columns) implements MapNode {

  public SelectNode {
    columns = List.copyOf(columns);
    if (columns.isEmpty()) {
      throw new PlanException("select needs at least one column");
    }
  }

  @Override
  public String name() {
    return "Select";
  }

  @Override
  public Compute compute() {
    return Compute.tasks();
  }

  @Override
  public Optional<Schema> outputSchema(Optional<Schema> inputSchema) {
    return inputSchema.map(this::project);
  }

  /** The projected schema; a missing column is a {@link PlanException} listing what exists. */
  public Schema project(Schema in) {
    List<Field> out = new ArrayList<>();
    for (String c : columns) {
      Field f =
          in.getFields().stream()
              .filter(x -> x.getName().equals(c))
              .findFirst()
              .orElseThrow(
                  () ->
                      new PlanException(
                          "select: column '"
                              + c
                              + "' does not exist; available columns: "
                              + in.getFields().stream().map(Field::getName).toList()));
      out.add(f);
    }
    return new Schema(out, in.getCustomMetadata());
  }

  @Override
  public boolean preservesRows() {
    return true;
  }

  @Override
  public MapNode withInput(LogicalNode input) {
    return new SelectNode(input, columns);
  }

  @Override
  public String toString() {
    return "Select" + columns;
  }
}
