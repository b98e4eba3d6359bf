package io.sluice.connectors.parquet.convert;

import static org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit.MICROS;
import static org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit.MILLIS;
import static org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit.NANOS;

import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.extension.UuidType;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Type.Repetition;
import org.apache.parquet.schema.Types;

/**
 * Maps an Arrow schema to the Parquet schema the writer produces. Nullable fields become {@code
 * optional}, others {@code required}; lists (also {@code fixed_size_list}) use the standard 3-level
 * {@code LIST} form, maps the standard {@code MAP} / {@code key_value} form, Arrow's {@code
 * arrow.uuid} a {@code UUID}-annotated 16-byte {@code FIXED_LEN_BYTE_ARRAY}; decimals use the
 * smallest physical type that holds their precision (INT32 up to 9 digits, INT64 up to 18, then
 * FIXED_LEN_BYTE_ARRAY), as Spark does.
 */
public final class ArrowToParquetSchema {

  private ArrowToParquetSchema() {}

  /**
   * @throws io.sluice.api.PlanException naming the column when a type has no Parquet mapping
   */
  public static MessageType convert(Schema schema) {
    List<Type> fields = new ArrayList<>();
    for (Field f : schema.getFields()) {
      fields.add(field(f, f.getName()));
    }
    return new MessageType("schema", fields);
  }

  static Type field(Field f, String path) {
    Repetition rep = f.isNullable() ? Repetition.OPTIONAL : Repetition.REQUIRED;
    ArrowType t = f.getType();
    String name = f.getName();
    if (t instanceof UuidType) {
      return Types.primitive(PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY, rep)
          .length(16)
          .as(LogicalTypeAnnotation.uuidType())
          .named(name);
    }
    if (t instanceof ArrowType.ExtensionType) {
      throw SchemaErrors.unsupported(path, t, "no Parquet mapping for this extension type");
    }
    switch (t.getTypeID()) {
      case Bool:
        return Types.primitive(PrimitiveTypeName.BOOLEAN, rep).named(name);
      case Int:
        {
          ArrowType.Int i = (ArrowType.Int) t;
          PrimitiveTypeName p =
              i.getBitWidth() == 64 ? PrimitiveTypeName.INT64 : PrimitiveTypeName.INT32;
          return Types.primitive(p, rep)
              .as(LogicalTypeAnnotation.intType(i.getBitWidth(), i.getIsSigned()))
              .named(name);
        }
      case FloatingPoint:
        switch (((ArrowType.FloatingPoint) t).getPrecision()) {
          case SINGLE:
            return Types.primitive(PrimitiveTypeName.FLOAT, rep).named(name);
          case DOUBLE:
            return Types.primitive(PrimitiveTypeName.DOUBLE, rep).named(name);
          default:
            throw SchemaErrors.unsupported(path, t, "half floats are not written");
        }
      case Utf8:
        return Types.primitive(PrimitiveTypeName.BINARY, rep)
            .as(LogicalTypeAnnotation.stringType())
            .named(name);
      case Binary:
        return Types.primitive(PrimitiveTypeName.BINARY, rep).named(name);
      case FixedSizeBinary:
        return Types.primitive(PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY, rep)
            .length(((ArrowType.FixedSizeBinary) t).getByteWidth())
            .named(name);
      case Date:
        return Types.primitive(PrimitiveTypeName.INT32, rep)
            .as(LogicalTypeAnnotation.dateType())
            .named(name);
      case Time:
        {
          ArrowType.Time tm = (ArrowType.Time) t;
          switch (tm.getUnit()) {
            case MILLISECOND:
              return Types.primitive(PrimitiveTypeName.INT32, rep)
                  .as(LogicalTypeAnnotation.timeType(false, MILLIS))
                  .named(name);
            case MICROSECOND:
              return Types.primitive(PrimitiveTypeName.INT64, rep)
                  .as(LogicalTypeAnnotation.timeType(false, MICROS))
                  .named(name);
            case NANOSECOND:
              return Types.primitive(PrimitiveTypeName.INT64, rep)
                  .as(LogicalTypeAnnotation.timeType(false, NANOS))
                  .named(name);
            default:
              throw SchemaErrors.unsupported(path, t, "time of day in seconds is not written");
          }
        }
      case Timestamp:
        {
          ArrowType.Timestamp ts = (ArrowType.Timestamp) t;
          boolean utc = ts.getTimezone() != null;
          LogicalTypeAnnotation.TimeUnit unit =
              switch (ts.getUnit()) {
                case SECOND, MILLISECOND -> MILLIS; // seconds are widened to millis on write
                case MICROSECOND -> MICROS;
                case NANOSECOND -> NANOS;
              };
          return Types.primitive(PrimitiveTypeName.INT64, rep)
              .as(LogicalTypeAnnotation.timestampType(utc, unit))
              .named(name);
        }
      case Decimal:
        {
          ArrowType.Decimal d = (ArrowType.Decimal) t;
          if (d.getBitWidth() != 128) {
            throw SchemaErrors.unsupported(path, t, "only 128-bit decimals are written");
          }
          LogicalTypeAnnotation ann =
              LogicalTypeAnnotation.decimalType(d.getScale(), d.getPrecision());
          if (d.getPrecision() <= 9) {
            return Types.primitive(PrimitiveTypeName.INT32, rep).as(ann).named(name);
          }
          if (d.getPrecision() <= 18) {
            return Types.primitive(PrimitiveTypeName.INT64, rep).as(ann).named(name);
          }
          return Types.primitive(PrimitiveTypeName.FIXED_LEN_BYTE_ARRAY, rep)
              .length(decimalBytes(d.getPrecision()))
              .as(ann)
              .named(name);
        }
      case List:
      case FixedSizeList:
        {
          Field child = f.getChildren().get(0);
          Type element =
              field(
                  new Field("element", child.getFieldType(), child.getChildren()),
                  SchemaErrors.child(path, "element"));
          return Types.buildGroup(rep)
              .as(LogicalTypeAnnotation.listType())
              .addField(Types.repeatedGroup().addField(element).named("list"))
              .named(name);
        }
      case Map:
        {
          List<Field> kv = f.getChildren().get(0).getChildren();
          Type key =
              field(
                  new Field(
                      "key",
                      new FieldType(false, kv.get(0).getType(), null),
                      kv.get(0).getChildren()),
                  SchemaErrors.child(path, "key"));
          Type value =
              field(
                  new Field("value", kv.get(1).getFieldType(), kv.get(1).getChildren()),
                  SchemaErrors.child(path, "value"));
          return Types.buildGroup(rep)
              .as(LogicalTypeAnnotation.mapType())
              .addField(Types.repeatedGroup().addField(key).addField(value).named("key_value"))
              .named(name);
        }
      case Struct:
        {
          if (f.getChildren().isEmpty()) {
            throw SchemaErrors.unsupported(path, t, "a struct needs at least one field");
          }
          Types.GroupBuilder<GroupType> g = Types.buildGroup(rep);
          for (Field c : f.getChildren()) {
            g.addField(field(c, SchemaErrors.child(path, c.getName())));
          }
          return g.named(name);
        }
      default:
        throw SchemaErrors.unsupported(path, t, "no Parquet mapping");
    }
  }

  /** Bytes of a big-endian two's complement integer holding {@code precision} decimal digits. */
  static int decimalBytes(int precision) {
    return (int) Math.ceil((precision * Math.log(10) / Math.log(2) + 1) / 8);
  }
}
