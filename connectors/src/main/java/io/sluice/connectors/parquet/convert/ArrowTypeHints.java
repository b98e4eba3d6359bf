package io.sluice.connectors.parquet.convert;

import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;

/**
 * Refines a field derived from Parquet with the writer's stored Arrow field, but only where the
 * reader can honour it: a list of exactly-sized elements becomes {@code fixed_size_list}, a UTC
 * timestamp takes its original zone, a list child its original name. Anything else in the hint is
 * ignored, so a stale or foreign hint can never break a read.
 */
final class ArrowTypeHints {

  private ArrowTypeHints() {}

  static Field refine(Field derived, Field hint) {
    ArrowType d = derived.getType();
    ArrowType h = hint.getType();
    ArrowType type = d;
    List<Field> children = derived.getChildren();
    if (d instanceof ArrowType.List
        && (h instanceof ArrowType.List || h instanceof ArrowType.FixedSizeList)
        && hint.getChildren().size() == 1) {
      Field hc = hint.getChildren().get(0);
      Field child = refine(derived.getChildren().get(0), hc);
      children = List.of(new Field(hc.getName(), child.getFieldType(), child.getChildren()));
      type = h instanceof ArrowType.FixedSizeList ? h : d;
    } else if (d instanceof ArrowType.Timestamp dt
        && h instanceof ArrowType.Timestamp ht
        && dt.getUnit() == ht.getUnit()
        && dt.getTimezone() != null
        && ht.getTimezone() != null) {
      type = h;
    } else if (d instanceof ArrowType.Struct && h instanceof ArrowType.Struct) {
      List<Field> refined = new ArrayList<>();
      for (Field c : derived.getChildren()) {
        Field hc = ParquetToArrowSchema.find(hint.getChildren(), c.getName());
        refined.add(hc == null ? c : refine(c, hc));
      }
      children = refined;
    }
    return new Field(derived.getName(), new FieldType(derived.isNullable(), type, null), children);
  }
}
