package io.sluice.connectors.parquet.convert;

import io.sluice.api.PlanException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.extension.UuidType;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.DecimalLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.IntLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeLogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimestampLogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;

/**
 * Maps a Parquet file schema to the Arrow schema its batches have. An Arrow schema stored by the
 * writer ({@link ArrowSchemaMetadata}) refines the result where Parquet loses information: {@code
 * fixed_size_list}, a timestamp's time zone, a list's child name. MAP groups (and legacy
 * MAP_KEY_VALUE ones) become Arrow maps; UUID becomes Arrow's {@code arrow.uuid} extension type.
 */
public final class ParquetToArrowSchema {

  private ParquetToArrowSchema() {}

  /**
   * @throws PlanException naming the column for a type the reader cannot decode
   */
  public static Schema convert(MessageType message, Schema hint) {
    Columns c = convertColumns(message, hint);
    if (!c.unsupported().isEmpty()) {
      throw new PlanException(c.unsupported().values().iterator().next());
    }
    return c.schema();
  }

  /**
   * Every top-level column, where a column the reader cannot decode gets a null-type placeholder
   * (so it can be named and left out by a projection) and its reason in {@code unsupported}.
   */
  public static Columns convertColumns(MessageType message, Schema hint) {
    List<Field> fields = new ArrayList<>();
    Map<String, String> unsupported = new LinkedHashMap<>();
    for (Type t : message.getFields()) {
      Field f;
      try {
        f = field(t, t.getName());
      } catch (PlanException e) {
        unsupported.put(t.getName(), e.getMessage());
        fields.add(Field.nullable(t.getName(), ArrowType.Null.INSTANCE));
        continue;
      }
      Field h = hint == null ? null : find(hint.getFields(), t.getName());
      fields.add(h == null ? f : ArrowTypeHints.refine(f, h));
    }
    return new Columns(new Schema(fields), Map.copyOf(unsupported));
  }

  /**
   * @param schema one field per Parquet column, in file order
   * @param unsupported the columns that cannot be decoded, with a message naming column and type
   */
  public record Columns(Schema schema, Map<String, String> unsupported) {}

  static Field field(Type t, String path) {
    if (t.isRepetition(Type.Repetition.REPEATED)) {
      throw SchemaErrors.unsupported(path, t, "repeated fields outside a LIST group are not read");
    }
    boolean nullable = t.isRepetition(Type.Repetition.OPTIONAL);
    if (t.isPrimitive()) {
      return new Field(
          t.getName(), new FieldType(nullable, primitive(t.asPrimitiveType(), path), null), null);
    }
    GroupType g = t.asGroupType();
    LogicalTypeAnnotation ann = g.getLogicalTypeAnnotation();
    if (ParquetLists.isList(g)) {
      ParquetLists.Layout layout = ParquetLists.layout(g, path);
      Type e = layout.element();
      Field elem;
      if (layout.repeatedWrapper()
          == null) { // 2-level: the repeated field is the (required) element
        elem =
            e.isPrimitive()
                ? new Field(
                    "element", FieldType.notNullable(primitive(e.asPrimitiveType(), path)), null)
                : struct("element", false, e.asGroupType(), path);
      } else {
        elem = field(e, SchemaErrors.child(path, e.getName()));
        elem = new Field("element", elem.getFieldType(), elem.getChildren());
      }
      return new Field(
          t.getName(), new FieldType(nullable, ArrowType.List.INSTANCE, null), List.of(elem));
    }
    if (ParquetMaps.isMap(g)) {
      GroupType kv = ParquetMaps.keyValue(g, path);
      Field key = field(kv.getType(0), SchemaErrors.child(path, "key"));
      Field value = field(kv.getType(1), SchemaErrors.child(path, "value"));
      Field entries =
          new Field(
              "entries",
              FieldType.notNullable(ArrowType.Struct.INSTANCE),
              List.of(
                  new Field("key", new FieldType(false, key.getType(), null), key.getChildren()),
                  new Field(
                      "value",
                      new FieldType(value.isNullable(), value.getType(), null),
                      value.getChildren())));
      return new Field(
          t.getName(), new FieldType(nullable, new ArrowType.Map(false), null), List.of(entries));
    }
    if (ann != null) {
      throw SchemaErrors.unsupported(path, g, ann + " groups are not read");
    }
    return struct(t.getName(), nullable, g, path);
  }

  private static Field struct(String name, boolean nullable, GroupType g, String path) {
    List<Field> children = new ArrayList<>();
    for (Type c : g.getFields()) {
      children.add(field(c, SchemaErrors.child(path, c.getName())));
    }
    return new Field(name, new FieldType(nullable, ArrowType.Struct.INSTANCE, null), children);
  }

  static ArrowType primitive(PrimitiveType p, String path) {
    LogicalTypeAnnotation ann = p.getLogicalTypeAnnotation();
    switch (p.getPrimitiveTypeName()) {
      case BOOLEAN:
        return ArrowType.Bool.INSTANCE;
      case INT32:
        if (ann == null) {
          return new ArrowType.Int(32, true);
        }
        if (ann instanceof IntLogicalTypeAnnotation i && i.getBitWidth() <= 32) {
          return new ArrowType.Int(i.getBitWidth(), i.isSigned());
        }
        if (ann instanceof LogicalTypeAnnotation.DateLogicalTypeAnnotation) {
          return new ArrowType.Date(DateUnit.DAY);
        }
        if (ann instanceof TimeLogicalTypeAnnotation tm
            && tm.getUnit() == LogicalTypeAnnotation.TimeUnit.MILLIS) {
          return new ArrowType.Time(TimeUnit.MILLISECOND, 32);
        }
        if (ann instanceof DecimalLogicalTypeAnnotation d) {
          return new ArrowType.Decimal(d.getPrecision(), d.getScale(), 128);
        }
        break;
      case INT64:
        if (ann == null) {
          return new ArrowType.Int(64, true);
        }
        if (ann instanceof IntLogicalTypeAnnotation i && i.getBitWidth() == 64) {
          return new ArrowType.Int(64, i.isSigned());
        }
        if (ann instanceof TimestampLogicalTypeAnnotation ts) {
          return new ArrowType.Timestamp(unit(ts.getUnit()), ts.isAdjustedToUTC() ? "UTC" : null);
        }
        if (ann instanceof TimeLogicalTypeAnnotation tm
            && tm.getUnit() != LogicalTypeAnnotation.TimeUnit.MILLIS) {
          return new ArrowType.Time(unit(tm.getUnit()), 64);
        }
        if (ann instanceof DecimalLogicalTypeAnnotation d) {
          return new ArrowType.Decimal(d.getPrecision(), d.getScale(), 128);
        }
        break;
      case INT96:
        return new ArrowType.Timestamp(TimeUnit.NANOSECOND, null); // legacy Impala/Spark timestamps
      case FLOAT:
        return new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE);
      case DOUBLE:
        return new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
      case BINARY:
        if (ann == null) {
          return ArrowType.Binary.INSTANCE;
        }
        if (ann instanceof LogicalTypeAnnotation.StringLogicalTypeAnnotation
            || ann instanceof LogicalTypeAnnotation.EnumLogicalTypeAnnotation
            || ann instanceof LogicalTypeAnnotation.JsonLogicalTypeAnnotation) {
          return ArrowType.Utf8.INSTANCE;
        }
        if (ann instanceof LogicalTypeAnnotation.BsonLogicalTypeAnnotation) {
          return ArrowType.Binary.INSTANCE;
        }
        if (ann instanceof DecimalLogicalTypeAnnotation d && d.getPrecision() <= 38) {
          return new ArrowType.Decimal(d.getPrecision(), d.getScale(), 128);
        }
        break;
      case FIXED_LEN_BYTE_ARRAY:
        if (ann instanceof LogicalTypeAnnotation.UUIDLogicalTypeAnnotation
            && p.getTypeLength() == 16) {
          return UuidType.INSTANCE;
        }
        if (ann == null) {
          return new ArrowType.FixedSizeBinary(p.getTypeLength());
        }
        if (ann instanceof DecimalLogicalTypeAnnotation d
            && d.getPrecision() <= 38
            && p.getTypeLength() <= 16) {
          return new ArrowType.Decimal(d.getPrecision(), d.getScale(), 128);
        }
        break;
      default:
        break;
    }
    throw SchemaErrors.unsupported(path, p, "no Arrow mapping");
  }

  private static TimeUnit unit(LogicalTypeAnnotation.TimeUnit u) {
    return switch (u) {
      case MILLIS -> TimeUnit.MILLISECOND;
      case MICROS -> TimeUnit.MICROSECOND;
      case NANOS -> TimeUnit.NANOSECOND;
    };
  }

  static Field find(List<Field> fields, String name) {
    for (Field f : fields) {
      if (f.getName().equals(name)) {
        return f;
      }
    }
    return null;
  }
}
