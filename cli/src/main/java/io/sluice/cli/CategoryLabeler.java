package io.sluice.cli;

import io.sluice.api.PlanException;
import io.sluice.api.udf.BatchUdf;
import io.sluice.api.udf.UdfContext;
import io.sluice.api.udf.UdfFactory;
import io.sluice.operators.vector.ColumnAppender;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The engine demo's stand-in for a model: a cheap stateful UDF for an actor pool. Each actor builds
 * a lookup table once (as a model would load its weights) and appends column {@code label}, the
 * table's entry for {@code key mod size}.
 */
final class CategoryLabeler implements UdfFactory {

  private static final long serialVersionUID = 1L;
  static final String LABEL = "label";

  private final int categories;

  CategoryLabeler(int categories) {
    this.categories = categories;
  }

  @Override
  public String name() {
    return "CategoryLabeler";
  }

  @Override
  public Optional<Schema> outputSchema(Schema input) {
    Field key =
        input.getFields().stream().filter(f -> f.getName().equals("key")).findFirst().orElse(null);
    if (key == null || !(key.getType() instanceof ArrowType.Int)) {
      throw new PlanException(
          name() + ": needs an int64 column 'key'; the input has " + input.getFields());
    }
    List<Field> fields = new ArrayList<>(input.getFields());
    fields.add(Field.nullable(LABEL, ArrowType.Utf8.INSTANCE));
    return Optional.of(new Schema(fields));
  }

  @Override
  public BatchUdf create(UdfContext context) {
    byte[][] table = new byte[categories][];
    for (int i = 0; i < categories; i++) {
      table[i] = ("category-" + i).getBytes(StandardCharsets.UTF_8);
    }
    return (input, allocator) -> {
      BigIntVector keys = (BigIntVector) input.getVector("key");
      int rows = input.getRowCount();
      VarCharVector label = new VarCharVector(LABEL, allocator);
      try {
        label.allocateNew(rows * 12L, rows);
        for (int i = 0; i < rows; i++) {
          if (!keys.isNull(i)) {
            label.setSafe(i, table[(int) Math.floorMod(keys.get(i), (long) categories)]);
          }
        }
        label.setValueCount(rows);
      } catch (RuntimeException e) {
        label.close();
        throw e;
      }
      return ColumnAppender.append(input, List.of(label), allocator);
    };
  }
}
