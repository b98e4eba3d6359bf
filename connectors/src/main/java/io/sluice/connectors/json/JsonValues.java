package io.sluice.connectors.json;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.api.Row;
import io.sluice.api.SimpleRow;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * JSON values to the Java values of {@link io.sluice.api.Row}: as they are (for inference), or as a
 * declared field's type. Errors ({@link IllegalArgumentException}) name the nested path.
 */
final class JsonValues {

  private JsonValues() {}

  /**
   * Objects become rows (structs, as Spark's JSON reader infers them), arrays lists, integers Long,
   * other numbers Double.
   */
  static Object natural(JsonNode n) {
    if (n == null || n.isNull() || n.isMissingNode()) {
      return null;
    }
    if (n.isObject()) {
      Map<String, Object> m = new LinkedHashMap<>();
      for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        m.put(e.getKey(), natural(e.getValue()));
      }
      return Row.fromMap(m);
    }
    if (n.isArray()) {
      List<Object> l = new ArrayList<>(n.size());
      n.forEach(e -> l.add(natural(e)));
      return l;
    }
    if (n.isIntegralNumber()) {
      return n.canConvertToLong() ? (Object) n.longValue() : n.decimalValue();
    }
    if (n.isNumber()) {
      return n.doubleValue();
    }
    if (n.isBoolean()) {
      return n.booleanValue();
    }
    return n.asText();
  }

  /** The value of {@code n} for {@code field}. */
  static Object convert(JsonNode n, Field field, String path) {
    if (n == null || n.isNull() || n.isMissingNode()) {
      return null;
    }
    ArrowType t = field.getType();
    try {
      if (t instanceof ArrowType.Utf8 || t instanceof ArrowType.LargeUtf8) {
        return n.isTextual() ? n.textValue() : n.toString();
      }
      if (t instanceof ArrowType.Int i) {
        long v = n.isTextual() ? Long.parseLong(n.textValue().trim()) : integral(n);
        if (!i.getIsSigned()) {
          return v; // the row writer checks the unsigned range
        }
        return switch (i.getBitWidth()) {
          case 8 -> (byte) range(v, Byte.MIN_VALUE, Byte.MAX_VALUE);
          case 16 -> (short) range(v, Short.MIN_VALUE, Short.MAX_VALUE);
          case 32 -> (int) range(v, Integer.MIN_VALUE, Integer.MAX_VALUE);
          default -> v;
        };
      }
      if (t instanceof ArrowType.FloatingPoint f) {
        double d = n.isTextual() ? Double.parseDouble(n.textValue()) : number(n).doubleValue();
        return f.getPrecision() == FloatingPointPrecision.SINGLE ? (Object) (float) d : d;
      }
      if (t instanceof ArrowType.Bool) {
        if (!n.isBoolean()) {
          throw new IllegalArgumentException("not a boolean");
        }
        return n.booleanValue();
      }
      if (t instanceof ArrowType.Decimal d) {
        BigDecimal v =
            n.isTextual() ? new BigDecimal(n.textValue().trim()) : number(n).decimalValue();
        return v.setScale(d.getScale(), RoundingMode.UNNECESSARY);
      }
      if (t instanceof ArrowType.Date) {
        return LocalDate.parse(n.asText().trim());
      }
      if (t instanceof ArrowType.Timestamp ts) {
        String s = n.asText().trim().replace(' ', 'T');
        if (ts.getTimezone() == null) {
          return LocalDateTime.parse(s);
        }
        return s.endsWith("Z") || s.matches(".*[+-]\\d\\d:?\\d\\d$")
            ? OffsetDateTime.parse(s).toInstant()
            : LocalDateTime.parse(s).toInstant(ZoneOffset.UTC);
      }
      if (t instanceof ArrowType.Binary) {
        return Base64.getDecoder().decode(n.asText());
      }
      if (t instanceof ArrowType.List || t instanceof ArrowType.LargeList) {
        if (!n.isArray()) {
          throw new IllegalArgumentException("not an array");
        }
        Field child = field.getChildren().get(0);
        List<Object> l = new ArrayList<>(n.size());
        for (int i = 0; i < n.size(); i++) {
          l.add(convert(n.get(i), child, path + "[" + i + "]"));
        }
        return l;
      }
      if (t instanceof ArrowType.FixedSizeList fl) {
        if (!n.isArray() || n.size() != fl.getListSize()) {
          throw new IllegalArgumentException("not an array of " + fl.getListSize() + " numbers");
        }
        float[] a = new float[n.size()];
        for (int i = 0; i < a.length; i++) {
          a[i] = (float) number(n.get(i)).doubleValue();
        }
        return a;
      }
      if (t instanceof ArrowType.Struct) {
        if (!n.isObject()) {
          throw new IllegalArgumentException("not an object");
        }
        List<Field> children = field.getChildren();
        String[] names = new String[children.size()];
        Object[] values = new Object[children.size()];
        for (int i = 0; i < names.length; i++) {
          Field c = children.get(i);
          names[i] = c.getName();
          values[i] = convert(n.get(c.getName()), c, path + "." + c.getName());
        }
        return new SimpleRow(names, values);
      }
      if (t instanceof ArrowType.Null) {
        throw new IllegalArgumentException(
            "the column was null in every sampled row, so its type is unknown;"
                + " declare the schema (option schema) or raise sampleRows");
      }
    } catch (IllegalArgumentException | DateTimeException | ArithmeticException e) {
      String msg =
          e instanceof IllegalArgumentException
                  && e.getMessage() != null
                  && e.getMessage().startsWith("field ")
              ? e.getMessage()
              : "field '"
                  + path
                  + "': cannot read "
                  + brief(n)
                  + " as "
                  + t
                  + " ("
                  + e.getMessage()
                  + ")";
      throw new IllegalArgumentException(msg, e);
    }
    throw new IllegalArgumentException(
        "field '" + path + "': JSON cannot be read as Arrow type " + t);
  }

  private static long integral(JsonNode n) {
    if (!n.isIntegralNumber() || !n.canConvertToLong()) {
      throw new IllegalArgumentException("not an integer in range");
    }
    return n.longValue();
  }

  private static JsonNode number(JsonNode n) {
    if (!n.isNumber()) {
      throw new IllegalArgumentException("not a number");
    }
    return n;
  }

  private static long range(long v, long min, long max) {
    if (v < min || v > max) {
      throw new IllegalArgumentException(v + " is out of range");
    }
    return v;
  }

  private static String brief(JsonNode n) {
    String s = n.toString();
    return s.length() <= 60 ? s : s.substring(0, 57) + "...";
  }

  /** For tests and messages: an Instant's text. */
  static String text(Instant i) {
    return i.toString();
  }
}
