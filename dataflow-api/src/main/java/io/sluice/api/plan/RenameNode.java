package io.sluice.api.plan;

import io.sluice.api.Compute;
import io.sluice.api.PlanException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/** Renames columns ({@code old -> new}); other columns pass through. */
public record RenameNode(LogicalNode input, Map<String, String> renames) implements MapNode {

  public RenameNode {
    renames = new LinkedHashMap<>(renames);
  }

  @Override
  public String name() {
    return "Rename";
  }

  @Override
  public Compute compute() {
    return Compute.tasks();
  }

  @Override
  public Optional<Schema> outputSchema(Optional<Schema> inputSchema) {
    return inputSchema.map(this::rename);
  }

  /**
   * The renamed schema; renaming a missing column or onto an existing one is a {@link
   * PlanException}.
   */
  public Schema rename(Schema in) {
    List<String> names = in.getFields().stream().map(Field::getName).toList();
    for (String from : renames.keySet()) {
      if (!names.contains(from)) {
        throw new PlanException(
            "rename: column '" + from + "' does not exist; available columns: " + names);
      }
    }
    List<Field> out = new ArrayList<>();
    for (Field f : in.getFields()) {
      String to = renames.getOrDefault(f.getName(), f.getName());
      out.add(new Field(to, f.getFieldType(), f.getChildren()));
    }
    if (out.stream().map(Field::getName).distinct().count() != out.size()) {
      throw new PlanException(
          "rename " + renames + " would produce duplicate column names from " + names);
    }
    return new Schema(out, in.getCustomMetadata());
  }

  @Override
  public boolean preservesRows() {
    return true;
  }

  @Override
  public MapNode withInput(LogicalNode input) {
    return new RenameNode(input, renames);
  }

  @Override
  public String toString() {
    return "Rename" + renames;
  }
}
