package io.sluice.connectors.csv;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.util.Base64;
import java.util.Locale;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;

/** Text to typed values (and back) for CSV fields; errors say what was expected. */
final class CsvValues {

  /**
   * {@code 2024-01-02 03:04:05[.ffffff]} or with {@code T}; zone offsets are accepted for UTC
   * columns.
   */
  static final DateTimeFormatter LOCAL_TS =
      new DateTimeFormatterBuilder()
          .parseCaseInsensitive()
          .append(DateTimeFormatter.ISO_LOCAL_DATE)
          .optionalStart()
          .appendLiteral('T')
          .optionalEnd()
          .optionalStart()
          .appendLiteral(' ')
          .optionalEnd()
          .append(DateTimeFormatter.ISO_LOCAL_TIME)
          .toFormatter(Locale.ROOT);

  static final DateTimeFormatter OFFSET_TS =
      new DateTimeFormatterBuilder()
          .append(LOCAL_TS)
          .optionalStart()
          .appendOffset("+HH:MM:ss", "Z")
          .optionalEnd()
          .optionalStart()
          .appendOffset("+HH", "Z")
          .optionalEnd()
          .parseDefaulting(ChronoField.OFFSET_SECONDS, 0)
          .toFormatter(Locale.ROOT);

  private CsvValues() {}

  /**
   * The Java value of {@code text} for {@code type}; {@link IllegalArgumentException} when it does
   * not parse.
   */
  static Object parse(String text, ArrowType type) {
    String s = text;
    if (type instanceof ArrowType.Utf8 || type instanceof ArrowType.LargeUtf8) {
      return s;
    }
    s = s.trim();
    if (type instanceof ArrowType.Int i) {
      long v = Long.parseLong(s);
      return switch (i.getBitWidth()) {
        case 8 -> (byte) checkRange(v, Byte.MIN_VALUE, Byte.MAX_VALUE, s);
        case 16 -> (short) checkRange(v, Short.MIN_VALUE, Short.MAX_VALUE, s);
        case 32 -> (int) checkRange(v, Integer.MIN_VALUE, Integer.MAX_VALUE, s);
        default -> v;
      };
    }
    if (type instanceof ArrowType.FloatingPoint f) {
      double d = parseDouble(s);
      return f.getPrecision() == FloatingPointPrecision.SINGLE ? (Object) (float) d : d;
    }
    if (type instanceof ArrowType.Bool) {
      return switch (s.toLowerCase(Locale.ROOT)) {
        case "true", "t", "1", "yes" -> true;
        case "false", "f", "0", "no" -> false;
        default -> throw new IllegalArgumentException("not a boolean");
      };
    }
    if (type instanceof ArrowType.Decimal d) {
      BigDecimal v = new BigDecimal(s);
      if (v.scale() > d.getScale()) {
        throw new IllegalArgumentException("more than " + d.getScale() + " decimal places");
      }
      return v.setScale(d.getScale(), RoundingMode.UNNECESSARY);
    }
    if (type instanceof ArrowType.Date) {
      return LocalDate.parse(s);
    }
    if (type instanceof ArrowType.Timestamp t) {
      if (t.getTimezone() == null) {
        return LocalDateTime.parse(s, LOCAL_TS);
      }
      return OffsetDateTime.parse(s, OFFSET_TS).toInstant();
    }
    if (type instanceof ArrowType.Binary) {
      return Base64.getDecoder().decode(s);
    }
    throw new IllegalArgumentException("CSV cannot hold Arrow type " + type);
  }

  private static long checkRange(long v, long min, long max, String s) {
    if (v < min || v > max) {
      throw new IllegalArgumentException(s + " is out of range");
    }
    return v;
  }

  private static double parseDouble(String s) {
    return switch (s.toLowerCase(Locale.ROOT)) {
      case "nan" -> Double.NaN;
      case "inf", "+inf", "infinity", "+infinity" -> Double.POSITIVE_INFINITY;
      case "-inf", "-infinity" -> Double.NEGATIVE_INFINITY;
      default -> Double.parseDouble(s);
    };
  }

  /** Text for a value when writing. */
  static String format(Object v) {
    if (v instanceof byte[] b) {
      return Base64.getEncoder().encodeToString(b);
    }
    if (v instanceof BigDecimal d) {
      return d.toPlainString();
    }
    if (v instanceof Instant i) {
      return i.toString();
    }
    return v.toString();
  }
}
