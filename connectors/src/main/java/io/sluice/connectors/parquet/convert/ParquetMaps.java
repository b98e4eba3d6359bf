package io.sluice.connectors.parquet.convert;

import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.Type;

/**
 * How a Parquet {@code MAP} group nests its entries (format spec, LogicalTypes.md, "Maps"): one
 * repeated group of a required key and an optional or required value. Legacy writers annotate the
 * outer group {@code MAP_KEY_VALUE} instead of {@code MAP}, or name the repeated group {@code map};
 * both read alike. A key-only repeated group (a set) is not a map.
 */
final class ParquetMaps {

  private ParquetMaps() {}

  static boolean isMap(Type t) {
    if (t.isPrimitive()) {
      return false;
    }
    LogicalTypeAnnotation a = t.getLogicalTypeAnnotation();
    return a instanceof LogicalTypeAnnotation.MapLogicalTypeAnnotation
        || a instanceof LogicalTypeAnnotation.MapKeyValueTypeAnnotation;
  }

  /** The repeated key/value group of map {@code g}. */
  static GroupType keyValue(GroupType g, String path) {
    if (g.getFieldCount() != 1
        || g.getType(0).isPrimitive()
        || !g.getType(0).isRepetition(Type.Repetition.REPEATED)) {
      throw SchemaErrors.unsupported(
          path, g, "a MAP group must hold exactly one repeated key/value group");
    }
    GroupType kv = g.getType(0).asGroupType();
    if (kv.getFieldCount() != 2) {
      throw SchemaErrors.unsupported(
          path,
          g,
          "a map's key/value group must have a key and a value field, it has "
              + kv.getFieldCount());
    }
    if (kv.getType(0).isRepetition(Type.Repetition.REPEATED)
        || kv.getType(1).isRepetition(Type.Repetition.REPEATED)) {
      throw SchemaErrors.unsupported(path, g, "repeated map keys or values are not read");
    }
    return kv;
  }
}
