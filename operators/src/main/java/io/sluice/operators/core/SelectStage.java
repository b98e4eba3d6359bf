package io.sluice.operators.core;

import io.sluice.api.plan.SelectNode;
import io.sluice.api.udf.BatchUdf;
import io.sluice.api.udf.UdfContext;
import java.util.List;
import java.util.Optional;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * {@code select}: keeps the named columns in the given order, sharing their buffers (zero copy).
 */
final class SelectStage extends StageFactory {

  private static final long serialVersionUID = 1L;

  private final List<String> columns;

  SelectStage(String name, String label, List<String> columns) {
    super(name, label);
    this.columns = List.copyOf(columns);
  }

  @Override
  public Optional<Schema> outputSchema(Schema input) {
    return Optional.of(project(input));
  }

  private Schema project(Schema input) {
    return new SelectNode(null, columns).project(input); // PlanException listing the columns
  }

  @Override
  public BatchUdf create(UdfContext context) {
    return (input, allocator) -> {
      Schema in = input.getSchema();
      Schema out;
      try {
        out = project(in);
      } catch (RuntimeException e) {
        throw StageErrors.wrap(label(), "cannot select " + columns, e);
      }
      if (out.getFields().equals(in.getFields())) {
        return input;
      }
      int[] indexes = new int[columns.size()];
      List<Field> fields = in.getFields();
      for (int k = 0; k < indexes.length; k++) {
        String c = columns.get(k);
        indexes[k] = indexOf(fields, c);
      }
      return ColumnSharing.share(input, indexes, out.getFields(), allocator);
    };
  }

  private static int indexOf(List<Field> fields, String name) {
    for (int i = 0; i < fields.size(); i++) {
      if (fields.get(i).getName().equals(name)) {
        return i;
      }
    }
    throw new IllegalStateException("no column " + name);
  }
}
