package io.sluice.connectors.parquet.convert;

import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.Type;

/**
 * How a Parquet {@code LIST} group nests its elements, following the backward-compatibility rules
 * of the Parquet format spec (LogicalTypes.md, "Lists"), so both the standard 3-level form and the
 * legacy 2-level forms written by old Avro/Thrift/Hive writers read correctly.
 */
final class ParquetLists {

  /**
   * @param element the element type
   * @param repeatedWrapper the 3-level {@code repeated group list} around the element, or {@code
   *     null} when the repeated field is the element itself (2-level)
   */
  record Layout(Type element, GroupType repeatedWrapper) {
    boolean elementNullable() {
      return repeatedWrapper != null && element.isRepetition(Type.Repetition.OPTIONAL);
    }
  }

  private ParquetLists() {}

  static boolean isList(Type t) {
    return !t.isPrimitive()
        && t.getLogicalTypeAnnotation() instanceof LogicalTypeAnnotation.ListLogicalTypeAnnotation;
  }

  static Layout layout(GroupType list, String path) {
    if (list.getFieldCount() != 1 || !list.getType(0).isRepetition(Type.Repetition.REPEATED)) {
      throw SchemaErrors.unsupported(
          path, list, "a LIST group must hold exactly one repeated field");
    }
    Type repeated = list.getType(0);
    if (repeated.isPrimitive()) {
      return new Layout(repeated, null);
    }
    GroupType g = repeated.asGroupType();
    if (g.getFieldCount() > 1
        || g.getName().equals("array")
        || g.getName().equals(list.getName() + "_tuple")) {
      return new Layout(g, null);
    }
    return new Layout(g.getType(0), g);
  }
}
