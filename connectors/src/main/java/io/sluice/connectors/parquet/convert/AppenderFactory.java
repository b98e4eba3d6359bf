package io.sluice.connectors.parquet.convert;

import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;

/** Builds the appender tree that decodes one Parquet field into the vector of one Arrow field. */
final class AppenderFactory {

  private AppenderFactory() {}

  static VectorAppender create(Type type, Field field, String path, BatchBytes bytes) {
    ArrowType at = field.getType();
    if (type.isPrimitive()) {
      return primitive(type.asPrimitiveType(), at, path, bytes);
    }
    GroupType g = type.asGroupType();
    if (at instanceof ArrowType.List || at instanceof ArrowType.FixedSizeList) {
      ParquetLists.Layout layout = ParquetLists.layout(g, path);
      Field childField = field.getChildren().get(0);
      String childPath = SchemaErrors.child(path, "element");
      VectorAppender element;
      if (layout.repeatedWrapper() == null) {
        element =
            layout.element().isPrimitive()
                ? primitive(
                    layout.element().asPrimitiveType(), childField.getType(), childPath, bytes)
                : struct(layout.element().asGroupType(), childField, childPath, bytes);
      } else {
        element = new ElementAppender(create(layout.element(), childField, childPath, bytes));
      }
      return at instanceof ArrowType.List
          ? new ListAppender(element)
          : new FixedSizeListAppender(element, path);
    }
    if (at instanceof ArrowType.Map) { // a list of key/value structs, as Arrow lays maps out
      GroupType kv = ParquetMaps.keyValue(g, path);
      return new ListAppender(struct(kv, field.getChildren().get(0), path, bytes));
    }
    if (at instanceof ArrowType.Struct) {
      return struct(g, field, path, bytes);
    }
    throw SchemaErrors.unsupported(path, type, "cannot be read as Arrow " + at);
  }

  private static VectorAppender struct(GroupType g, Field field, String path, BatchBytes bytes) {
    List<VectorAppender> children = new ArrayList<>();
    for (int i = 0; i < g.getFieldCount(); i++) {
      Field cf = field.getChildren().get(i);
      children.add(create(g.getType(i), cf, SchemaErrors.child(path, cf.getName()), bytes));
    }
    return new StructAppender(children);
  }

  private static VectorAppender primitive(
      PrimitiveType p, ArrowType at, String path, BatchBytes bytes) {
    PrimitiveTypeName pt = p.getPrimitiveTypeName();
    switch (at.getTypeID()) {
      case Bool:
        if (pt == PrimitiveTypeName.BOOLEAN) {
          return new PrimitiveAppenders.Bool(bytes);
        }
        break;
      case Int:
        {
          int width = ((ArrowType.Int) at).getBitWidth() / 8;
          if (pt == PrimitiveTypeName.INT32 && width <= 4) {
            return new PrimitiveAppenders.Int32(bytes, width);
          }
          if (pt == PrimitiveTypeName.INT64 && width == 8) {
            return new PrimitiveAppenders.Int64(bytes);
          }
          break;
        }
      case Date:
      case Time:
        if (pt == PrimitiveTypeName.INT32) {
          return new PrimitiveAppenders.Int32(bytes, 4);
        }
        if (pt == PrimitiveTypeName.INT64) {
          return new PrimitiveAppenders.Int64(bytes);
        }
        break;
      case Timestamp:
        if (pt == PrimitiveTypeName.INT64) {
          return new PrimitiveAppenders.Int64(bytes);
        }
        if (pt == PrimitiveTypeName.INT96) {
          return new PrimitiveAppenders.Int96(bytes);
        }
        break;
      case FloatingPoint:
        if (pt == PrimitiveTypeName.FLOAT) {
          return new PrimitiveAppenders.Float32(bytes);
        }
        if (pt == PrimitiveTypeName.DOUBLE) {
          return new PrimitiveAppenders.Float64(bytes);
        }
        break;
      case Utf8:
      case Binary:
        if (pt == PrimitiveTypeName.BINARY) {
          return new PrimitiveAppenders.VarWidth(bytes);
        }
        break;
      case FixedSizeBinary:
        if (pt == PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY) {
          return new PrimitiveAppenders.FixedBinary(bytes);
        }
        break;
      case Decimal:
        return new PrimitiveAppenders.Decimal(bytes);
      default:
        break;
    }
    throw SchemaErrors.unsupported(path, p, "cannot be read as Arrow " + at);
  }
}
