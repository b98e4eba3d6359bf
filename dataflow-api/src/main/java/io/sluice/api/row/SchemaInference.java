package io.sluice.api.row;

import io.sluice.api.PlanException;
import io.sluice.api.Row;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.arrow.vector.extension.UuidType;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Infers an Arrow schema from Java values (the types of {@link Row}), for {@code fromItems} and row
 * maps without a declared schema.
 *
 * <p>Mapping: Long/Integer/Short/Byte to int64/32/16/8; BigInteger to uint64 (how uint64 values
 * read); Double/Float to float64/32; Boolean; String to utf8; byte[] to binary; BigDecimal to
 * decimal(38, largest scale seen); LocalDate to date32; LocalTime to time64(us); Instant to
 * timestamp(us, "UTC"); LocalDateTime to timestamp(us); UUID to Arrow's {@code arrow.uuid}
 * extension type; float[] to fixed_size_list&lt;float32&gt;(n); double[]/long[]/int[] and List to
 * lists; Row to structs; {@code java.util.Map} to maps (key and value types inferred over every
 * entry). Every field is nullable (map keys are not); columns keep first-seen order; a row lacking
 * a column counts as null there. A declared struct column still accepts {@code Map<String, ?>}
 * values when rows are written.
 *
 * <p>Across rows, types widen where no value changes: int32 with int64 gives int64, float32 with
 * float64 gives float64, decimal scales take the maximum, fixed-size float lists of different
 * lengths become a list&lt;float32&gt;, structs take the union of their fields. Anything else (a
 * Long and a String) is a {@link PlanException} naming the column and both types.
 *
 * <p>A column null in every row gets the Arrow <b>null type</b>: it reads back as nulls, and
 * writing a non-null value into it fails with a message asking for a declared schema. An empty
 * list's element type is likewise null until another row shows it.
 */
public final class SchemaInference {

  private static final ArrowType NULL = ArrowType.Null.INSTANCE;
  private static final ArrowType INT64 = new ArrowType.Int(64, true);
  private static final ArrowType INT32 = new ArrowType.Int(32, true);
  private static final ArrowType FLOAT64 =
      new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
  private static final ArrowType FLOAT32 =
      new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE);
  private static final ArrowType UTF8 = ArrowType.Utf8.INSTANCE;
  private static final ArrowType BOOL = ArrowType.Bool.INSTANCE;
  private static final ArrowType BINARY = ArrowType.Binary.INSTANCE;
  private static final int DECIMAL_PRECISION = 38;

  private SchemaInference() {}

  /** The schema of {@code rows} (every row is looked at). */
  public static Schema infer(Iterable<? extends Row> rows) {
    Map<String, Field> fields = new LinkedHashMap<>();
    long index = 0;
    for (Row row : rows) {
      for (int c = 0; c < row.size(); c++) {
        String name = row.name(c);
        Object value = row.get(c);
        Field known = fields.get(name);
        if (known != null && fastMatch(known.getType(), value)) {
          continue;
        }
        Field seen = inferField(name, value);
        fields.put(name, known == null ? seen : merge(name, known, seen, index, value));
      }
      index++;
    }
    return new Schema(new ArrayList<>(fields.values()));
  }

  /** The field for one value (nullable; null gives the Arrow null type). */
  public static Field inferField(String name, Object value) {
    if (value == null) {
      return leaf(name, NULL);
    } else if (value instanceof Long) {
      return leaf(name, INT64);
    } else if (value instanceof Integer) {
      return leaf(name, INT32);
    } else if (value instanceof Short) {
      return leaf(name, new ArrowType.Int(16, true));
    } else if (value instanceof Byte) {
      return leaf(name, new ArrowType.Int(8, true));
    } else if (value instanceof BigInteger) {
      return leaf(name, new ArrowType.Int(64, false));
    } else if (value instanceof Double) {
      return leaf(name, FLOAT64);
    } else if (value instanceof Float) {
      return leaf(name, FLOAT32);
    } else if (value instanceof Boolean) {
      return leaf(name, BOOL);
    } else if (value instanceof CharSequence) {
      return leaf(name, UTF8);
    } else if (value instanceof byte[]) {
      return leaf(name, BINARY);
    } else if (value instanceof BigDecimal d) {
      return leaf(name, new ArrowType.Decimal(DECIMAL_PRECISION, Math.max(0, d.scale()), 128));
    } else if (value instanceof LocalDate) {
      return leaf(name, new ArrowType.Date(DateUnit.DAY));
    } else if (value instanceof Instant) {
      return leaf(name, new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC"));
    } else if (value instanceof LocalDateTime) {
      return leaf(name, new ArrowType.Timestamp(TimeUnit.MICROSECOND, null));
    } else if (value instanceof LocalTime) {
      return leaf(name, new ArrowType.Time(TimeUnit.MICROSECOND, 64));
    } else if (value instanceof UUID) {
      return leaf(name, UuidType.INSTANCE);
    } else if (value instanceof float[] a) {
      return new Field(
          name,
          FieldType.nullable(new ArrowType.FixedSizeList(a.length)),
          List.of(leaf("item", FLOAT32)));
    } else if (value instanceof double[]) {
      return list(name, leaf("item", FLOAT64));
    } else if (value instanceof long[]) {
      return list(name, leaf("item", INT64));
    } else if (value instanceof int[]) {
      return list(name, leaf("item", INT32));
    } else if (value instanceof List<?> l) {
      Field element = leaf("item", NULL);
      for (Object e : l) {
        if (!fastMatch(element.getType(), e)) {
          element = merge(name + "[]", element, inferField("item", e), -1, e);
        }
      }
      return list(name, element);
    } else if (value instanceof Row r) {
      List<Field> children = new ArrayList<>();
      for (Field f : infer(List.of(r)).getFields()) {
        children.add(f);
      }
      return struct(name, children, value);
    } else if (value instanceof Map<?, ?> m) {
      Field key = leaf("key", NULL);
      Field val = leaf("value", NULL);
      for (Map.Entry<?, ?> e : m.entrySet()) {
        if (e.getKey() == null) {
          throw new PlanException(
              "column '" + name + "': a map key is null (map keys are never null)");
        }
        key = merge(name + ".key", key, inferField("key", e.getKey()), -1, e.getKey());
        val = merge(name + ".value", val, inferField("value", e.getValue()), -1, e.getValue());
      }
      return map(name, key, val);
    }
    throw new PlanException(
        "column '"
            + name
            + "': cannot infer an Arrow type for Java type "
            + value.getClass().getName()
            + " (supported: the types listed on io.sluice.api.Row); declare the schema");
  }

  /**
   * The field that holds values of both {@code a} and {@code b}, or a {@link PlanException} naming
   * the column. {@code row} (when >= 0) and {@code value} are for the message.
   */
  public static Field merge(String path, Field a, Field b, long row, Object value) {
    ArrowType ta = a.getType();
    ArrowType tb = b.getType();
    if (tb.equals(NULL)) {
      return a;
    }
    if (ta.equals(NULL)) {
      return new Field(a.getName(), b.getFieldType(), b.getChildren());
    }
    if (ta instanceof ArrowType.Int ia && tb instanceof ArrowType.Int ib) {
      Field wider = ia.getBitWidth() >= ib.getBitWidth() ? a : rename(b, a.getName());
      ArrowType.Int w = (ArrowType.Int) wider.getType();
      ArrowType.Int narrow = w == ia ? ib : ia;
      if (ia.getIsSigned() == ib.getIsSigned()
          || (w.getIsSigned() && w.getBitWidth() > narrow.getBitWidth())) {
        return wider; // same signedness, or a signed type wide enough for every unsigned value
      }
    }
    if (ta instanceof ArrowType.FloatingPoint && tb instanceof ArrowType.FloatingPoint) {
      return ta.equals(FLOAT64) ? a : rename(b, a.getName());
    }
    if (ta instanceof ArrowType.Decimal da && tb instanceof ArrowType.Decimal db) {
      return da.getScale() >= db.getScale() ? a : rename(b, a.getName());
    }
    if (ta instanceof ArrowType.Struct && tb instanceof ArrowType.Struct) {
      return mergeStruct(path, a, b, row, value);
    }
    if (ta instanceof ArrowType.Map && tb instanceof ArrowType.Map) {
      List<Field> ea = a.getChildren().get(0).getChildren();
      List<Field> eb = b.getChildren().get(0).getChildren();
      return map(
          a.getName(),
          merge(path + ".key", ea.get(0), eb.get(0), row, value),
          merge(path + ".value", ea.get(1), eb.get(1), row, value));
    }
    if (isList(ta) && isList(tb)) {
      Field element =
          merge(path + "[]", a.getChildren().get(0), b.getChildren().get(0), row, value);
      if (ta.equals(tb) && ta instanceof ArrowType.FixedSizeList) {
        return new Field(a.getName(), a.getFieldType(), List.of(element));
      }
      return list(a.getName(), element);
    }
    if (ta.equals(tb)) {
      return a;
    }
    throw new PlanException(
        "column '"
            + path
            + "' has conflicting types: "
            + describe(ta)
            + " in earlier rows but "
            + describe(tb)
            + (row >= 0 ? " in row " + row : "")
            + " (value "
            + Values.brief(value)
            + "); make the values agree or declare the schema");
  }

  private static Field mergeStruct(String path, Field a, Field b, long row, Object value) {
    Map<String, Field> children = new LinkedHashMap<>();
    for (Field f : a.getChildren()) {
      children.put(f.getName(), f);
    }
    for (Field f : b.getChildren()) {
      Field known = children.get(f.getName());
      children.put(
          f.getName(), known == null ? f : merge(path + "." + f.getName(), known, f, row, value));
    }
    return new Field(a.getName(), a.getFieldType(), new ArrayList<>(children.values()));
  }

  private static boolean isList(ArrowType t) {
    return t instanceof ArrowType.List || t instanceof ArrowType.FixedSizeList;
  }

  /** Whether {@code value} certainly fits {@code type} without widening (a cheap pre-check). */
  private static boolean fastMatch(ArrowType type, Object value) {
    return value == null
        || (value instanceof Long && type.equals(INT64))
        || (value instanceof String && type.equals(UTF8))
        || (value instanceof Double && type.equals(FLOAT64))
        || (value instanceof Integer && (type.equals(INT32) || type.equals(INT64)))
        || (value instanceof Boolean && type.equals(BOOL))
        || (value instanceof Float && (type.equals(FLOAT32) || type.equals(FLOAT64)))
        || (value instanceof float[] f
            && type instanceof ArrowType.FixedSizeList l
            && l.getListSize() == f.length);
  }

  private static Field leaf(String name, ArrowType type) {
    return new Field(name, FieldType.nullable(type), null);
  }

  private static Field list(String name, Field element) {
    return new Field(
        name, FieldType.nullable(ArrowType.List.INSTANCE), List.of(rename(element, "item")));
  }

  /**
   * Arrow's map layout: a list of non-null {@code entries} structs of a non-null key and a value.
   */
  private static Field map(String name, Field key, Field value) {
    Field k = new Field("key", new FieldType(false, key.getType(), null), key.getChildren());
    Field v = new Field("value", FieldType.nullable(value.getType()), value.getChildren());
    Field entries =
        new Field("entries", FieldType.notNullable(ArrowType.Struct.INSTANCE), List.of(k, v));
    return new Field(name, FieldType.nullable(new ArrowType.Map(false)), List.of(entries));
  }

  private static Field struct(String name, List<Field> children, Object value) {
    if (children.stream().map(Field::getName).distinct().count() != children.size()) {
      throw new PlanException(
          "column '" + name + "': duplicate field names in struct value " + Values.brief(value));
    }
    return new Field(name, FieldType.nullable(ArrowType.Struct.INSTANCE), children);
  }

  private static Field rename(Field f, String name) {
    return f.getName().equals(name) ? f : new Field(name, f.getFieldType(), f.getChildren());
  }

  /** Arrow type with the Java type that produces it, for messages. */
  static String describe(ArrowType t) {
    if (t instanceof UuidType) {
      return "UUID (" + t + ")";
    }
    String java =
        switch (t.getTypeID()) {
          case Int ->
              ((ArrowType.Int) t).getIsSigned()
                  ? switch (((ArrowType.Int) t).getBitWidth()) {
                    case 8 -> "Byte";
                    case 16 -> "Short";
                    case 32 -> "Integer";
                    default -> "Long";
                  }
                  : switch (((ArrowType.Int) t).getBitWidth()) {
                    case 8, 16 -> "Integer";
                    case 32 -> "Long";
                    default -> "BigInteger";
                  };
          case FloatingPoint -> t.equals(FLOAT32) ? "Float" : "Double";
          case Bool -> "Boolean";
          case Utf8, LargeUtf8 -> "String";
          case Binary, LargeBinary, FixedSizeBinary -> "byte[]";
          case Decimal -> "BigDecimal";
          case Date -> "LocalDate";
          case Timestamp ->
              ((ArrowType.Timestamp) t).getTimezone() != null ? "Instant" : "LocalDateTime";
          case FixedSizeList -> "float[]";
          case List, LargeList -> "List";
          case Struct -> "Row";
          case Map -> "Map";
          case Time -> "LocalTime";
          default -> "?";
        };
    return java + " (" + t + ")";
  }
}
