package io.sluice.operators.core;

import io.sluice.api.plan.RenameNode;
import io.sluice.api.udf.BatchUdf;
import io.sluice.api.udf.UdfContext;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.apache.arrow.vector.types.pojo.Schema;

/** {@code rename}: same buffers (zero copy) under new column names. */
final class RenameStage extends StageFactory {

  private static final long serialVersionUID = 1L;

  private final LinkedHashMap<String, String> renames;

  RenameStage(String name, String label, Map<String, String> renames) {
    super(name, label);
    this.renames = new LinkedHashMap<>(renames);
  }

  @Override
  public Optional<Schema> outputSchema(Schema input) {
    return Optional.of(rename(input));
  }

  private Schema rename(Schema input) {
    return new RenameNode(null, renames).rename(input); // PlanException naming the column
  }

  @Override
  public BatchUdf create(UdfContext context) {
    return (input, allocator) -> {
      Schema out;
      try {
        out = rename(input.getSchema());
      } catch (RuntimeException e) {
        throw StageErrors.wrap(label(), "cannot rename " + renames, e);
      }
      if (out.getFields().equals(input.getSchema().getFields())) {
        return input;
      }
      int[] all = new int[out.getFields().size()];
      for (int i = 0; i < all.length; i++) {
        all[i] = i;
      }
      return ColumnSharing.share(input, all, out.getFields(), allocator);
    };
  }
}
