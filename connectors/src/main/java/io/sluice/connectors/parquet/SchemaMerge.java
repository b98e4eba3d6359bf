package io.sluice.connectors.parquet;

import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Whether files can be read as one dataset: same column names, order and types. Nullability may
 * differ (one writer said {@code required}, another {@code optional}); the merged field is nullable
 * if any file's is.
 */
final class SchemaMerge {

  private SchemaMerge() {}

  /** The merged schema, or {@code null} when the two are incompatible. */
  static Schema merge(Schema a, Schema b) {
    List<Field> out = mergeFields(a.getFields(), b.getFields());
    return out == null ? null : new Schema(out);
  }

  private static List<Field> mergeFields(List<Field> a, List<Field> b) {
    if (a.size() != b.size()) {
      return null;
    }
    List<Field> out = new ArrayList<>(a.size());
    for (int i = 0; i < a.size(); i++) {
      Field fa = a.get(i);
      Field fb = b.get(i);
      if (!fa.getName().equals(fb.getName()) || !fa.getType().equals(fb.getType())) {
        return null;
      }
      List<Field> children = mergeFields(fa.getChildren(), fb.getChildren());
      if (children == null) {
        return null;
      }
      out.add(
          new Field(
              fa.getName(),
              new FieldType(fa.isNullable() || fb.isNullable(), fa.getType(), null),
              children));
    }
    return out;
  }
}
