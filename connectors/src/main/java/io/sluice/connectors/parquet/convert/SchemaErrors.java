package io.sluice.connectors.parquet.convert;

import io.sluice.api.PlanException;

/** Error messages for types the converter cannot map; they name the column and the type. */
final class SchemaErrors {

  private SchemaErrors() {}

  static PlanException unsupported(String column, Object type, String why) {
    return new PlanException(
        "column '" + column + "' has unsupported type " + type + (why.isEmpty() ? "" : ": " + why));
  }

  static String child(String parent, String name) {
    return parent.isEmpty() ? name : parent + "." + name;
  }
}
