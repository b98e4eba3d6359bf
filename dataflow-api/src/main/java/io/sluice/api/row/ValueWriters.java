package io.sluice.api.row;

import io.sluice.api.Row;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.arrow.vector.BaseLargeVariableWidthVector;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DateMilliVector;
import org.apache.arrow.vector.Decimal256Vector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.FixedSizeBinaryVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.LargeVarCharVector;
import org.apache.arrow.vector.NullVector;
import org.apache.arrow.vector.SmallIntVector;
import org.apache.arrow.vector.TimeMicroVector;
import org.apache.arrow.vector.TimeMilliVector;
import org.apache.arrow.vector.TimeNanoVector;
import org.apache.arrow.vector.TimeSecVector;
import org.apache.arrow.vector.TimeStampVector;
import org.apache.arrow.vector.TinyIntVector;
import org.apache.arrow.vector.UInt1Vector;
import org.apache.arrow.vector.UInt2Vector;
import org.apache.arrow.vector.UInt4Vector;
import org.apache.arrow.vector.UInt8Vector;
import org.apache.arrow.vector.UuidVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.complex.LargeListVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.MapVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.types.pojo.ArrowType;

/** Builds a {@link ValueWriter} per vector type; the inverse of {@link ValueReaders}. */
final class ValueWriters {

  private ValueWriters() {}

  /** Writer for {@code v}, with {@code path} naming the column in errors ({@code a.b[]}). */
  static ValueWriter of(FieldVector v, String path) {
    NonNull w = nonNull(v, path);
    boolean nullable = v.getField().isNullable();
    return (i, value) -> {
      if (value != null) {
        w.write(i, value);
      } else if (nullable) {
        v.setNull(i);
      } else {
        throw new ValueMismatch(
            "column '" + path + "' is not nullable but the value is null or missing");
      }
    };
  }

  private interface NonNull {
    void write(int index, Object value);
  }

  private static NonNull nonNull(FieldVector v, String path) {
    if (v instanceof BitVector b) {
      return (i, x) ->
          b.setSafe(i, x instanceof Boolean z ? (z ? 1 : 0) : fail(path, "Boolean", x));
    } else if (v instanceof TinyIntVector t) {
      return (i, x) -> t.setSafe(i, x instanceof Byte n ? n : fail(path, "Byte for int8", x));
    } else if (v instanceof SmallIntVector t) {
      return (i, x) ->
          t.setSafe(
              i,
              x instanceof Short || x instanceof Byte
                  ? ((Number) x).shortValue()
                  : fail(path, "Short or Byte for int16", x));
    } else if (v instanceof IntVector t) {
      return (i, x) ->
          t.setSafe(
              i,
              x instanceof Integer || x instanceof Short || x instanceof Byte
                  ? ((Number) x).intValue()
                  : fail(path, "Integer, Short or Byte for int32", x));
    } else if (v instanceof BigIntVector t) {
      return (i, x) ->
          t.setSafe(
              i,
              x instanceof Long || x instanceof Integer || x instanceof Short || x instanceof Byte
                  ? ((Number) x).longValue()
                  : fail(path, "Long, Integer, Short or Byte for int64", x));
    } else if (v instanceof UInt1Vector u) {
      return (i, x) -> u.setSafe(i, (int) unsigned(path, 8, x));
    } else if (v instanceof UInt2Vector u) {
      return (i, x) -> u.setSafe(i, (int) unsigned(path, 16, x));
    } else if (v instanceof UInt4Vector u) {
      return (i, x) -> u.setSafe(i, (int) unsigned(path, 32, x));
    } else if (v instanceof UInt8Vector u) {
      return (i, x) -> u.setSafe(i, unsigned(path, 64, x));
    } else if (v instanceof Float4Vector f) {
      return (i, x) -> f.setSafe(i, x instanceof Float n ? n : fail(path, "Float for float32", x));
    } else if (v instanceof Float8Vector f) {
      return (i, x) ->
          f.setSafe(
              i,
              x instanceof Double || x instanceof Float
                  ? ((Number) x).doubleValue()
                  : fail(path, "Double or Float for float64", x));
    } else if (v instanceof VarCharVector || v instanceof LargeVarCharVector) {
      return (i, x) ->
          setBytes(
              v,
              i,
              x instanceof CharSequence s
                  ? s.toString().getBytes(StandardCharsets.UTF_8)
                  : fail(path, "String for utf8", x));
    } else if (v instanceof FixedSizeBinaryVector b) {
      int width = b.getByteWidth();
      return (i, x) -> {
        if (!(x instanceof byte[] bytes) || bytes.length != width) {
          throw ValueMismatch.of(
              path, "byte[" + width + "] for fixed_size_binary(" + width + ")", x);
        }
        b.setSafe(i, bytes);
      };
    } else if (v instanceof BaseVariableWidthVector || v instanceof BaseLargeVariableWidthVector) {
      return (i, x) ->
          setBytes(v, i, x instanceof byte[] bytes ? bytes : fail(path, "byte[] for binary", x));
    } else if (v instanceof DecimalVector d) {
      return (i, x) -> d.setSafe(i, decimal(path, d.getPrecision(), d.getScale(), x));
    } else if (v instanceof Decimal256Vector d) {
      return (i, x) -> d.setSafe(i, decimal(path, d.getPrecision(), d.getScale(), x));
    } else if (v instanceof DateDayVector d) {
      return (i, x) ->
          d.setSafe(
              i,
              (int)
                  ValueWriters.<LocalDate>asType(x, LocalDate.class, path, "LocalDate")
                      .toEpochDay());
    } else if (v instanceof DateMilliVector d) {
      return (i, x) ->
          d.setSafe(
              i,
              ValueWriters.<LocalDate>asType(x, LocalDate.class, path, "LocalDate").toEpochDay()
                  * 86_400_000L);
    } else if (v instanceof TimeStampVector t) {
      return timestamp(t, path);
    } else if (v instanceof TimeSecVector t) {
      return (i, x) -> t.setSafe(i, (int) (timeOfDay(path, x) / 1_000_000_000L));
    } else if (v instanceof TimeMilliVector t) {
      return (i, x) -> t.setSafe(i, (int) (timeOfDay(path, x) / 1_000_000L));
    } else if (v instanceof TimeMicroVector t) {
      return (i, x) -> t.setSafe(i, timeOfDay(path, x) / 1_000L);
    } else if (v instanceof TimeNanoVector t) {
      return (i, x) -> t.setSafe(i, timeOfDay(path, x));
    } else if (v instanceof UuidVector u) {
      return (i, x) -> u.setSafe(i, ValueWriters.<UUID>asType(x, UUID.class, path, "UUID"));
    } else if (v instanceof FixedSizeListVector l) {
      return fixedSizeList(l, path);
    } else if (v instanceof MapVector m) {
      return map(m, path);
    } else if (v instanceof ListVector l) {
      ValueWriter child = of(l.getDataVector(), path + "[]");
      return (i, x) -> {
        int start = l.startNewValue(i);
        int n = Sequences.write(child, start, x, path);
        l.endValue(i, n);
      };
    } else if (v instanceof LargeListVector l) {
      ValueWriter child = of(l.getDataVector(), path + "[]");
      return (i, x) -> {
        long start = l.startNewValue(i);
        int n = Sequences.write(child, Math.toIntExact(start), x, path);
        l.endValue(i, n);
      };
    } else if (v instanceof StructVector s) {
      return struct(s, path);
    } else if (v instanceof NullVector) {
      return (i, x) -> {
        throw new ValueMismatch(
            "column '"
                + path
                + "' has the Arrow null type (it was null in every row its"
                + " schema was inferred from) but got "
                + x.getClass().getName()
                + " "
                + Values.brief(x)
                + "; declare the schema");
      };
    }
    throw new ValueMismatch(
        "column '"
            + path
            + "': writing Arrow type "
            + v.getField().getType()
            + " from rows is not supported");
  }

  /**
   * The bits of an unsigned value of {@code bits} width: any integral Java number (or BigInteger)
   * within range, so a widened value read from the same column writes back unchanged.
   */
  private static long unsigned(String path, int bits, Object x) {
    BigInteger max = BigInteger.ONE.shiftLeft(bits).subtract(BigInteger.ONE);
    BigInteger value;
    if (x instanceof Long || x instanceof Integer || x instanceof Short || x instanceof Byte) {
      value = BigInteger.valueOf(((Number) x).longValue());
    } else if (x instanceof BigInteger b) {
      value = b;
    } else {
      throw ValueMismatch.of(
          path, "an integral Number (Integer, Long, BigInteger) for uint" + bits, x);
    }
    if (value.signum() < 0 || value.compareTo(max) > 0) {
      throw new ValueMismatch(
          "column '" + path + "': " + value + " is outside uint" + bits + " [0, " + max + "]");
    }
    return value
        .longValue(); // the low 64 bits: uint64 above 2^63 - 1 stored as its two's complement
  }

  private static long timeOfDay(String path, Object x) {
    return ValueWriters.<LocalTime>asType(x, LocalTime.class, path, "LocalTime").toNanoOfDay();
  }

  /** A {@code Map} (any key type but null keys) into a map's entries in iteration order. */
  private static NonNull map(MapVector m, String path) {
    StructVector entries = (StructVector) m.getDataVector();
    ValueWriter keys = of((FieldVector) entries.getChildByOrdinal(0), path + ".key");
    ValueWriter values = of((FieldVector) entries.getChildByOrdinal(1), path + ".value");
    return (i, x) -> {
      if (!(x instanceof Map<?, ?> map)) {
        throw ValueMismatch.of(path, "a java.util.Map for a map", x);
      }
      int k = m.startNewValue(i);
      for (Map.Entry<?, ?> e : map.entrySet()) {
        if (e.getKey() == null) {
          throw new ValueMismatch(
              "column '"
                  + path
                  + "': a map key is null (Arrow and Parquet map keys are never null)");
        }
        entries.setIndexDefined(k);
        keys.write(k, e.getKey());
        values.write(k, e.getValue());
        k++;
      }
      m.endValue(i, map.size());
    };
  }

  private static void setBytes(FieldVector v, int i, byte[] bytes) {
    if (v instanceof BaseVariableWidthVector b) {
      b.setSafe(i, bytes);
    } else {
      ((BaseLargeVariableWidthVector) v).setSafe(i, bytes);
    }
  }

  private static BigDecimal decimal(String path, int precision, int scale, Object x) {
    if (!(x instanceof BigDecimal d)) {
      throw ValueMismatch.of(path, "BigDecimal for decimal(" + precision + ", " + scale + ")", x);
    }
    BigDecimal scaled;
    try {
      scaled = d.setScale(scale, RoundingMode.UNNECESSARY);
    } catch (ArithmeticException e) {
      throw new ValueMismatch(
          "column '"
              + path
              + "': "
              + d.toPlainString()
              + " has more than "
              + scale
              + " decimal places (decimal("
              + precision
              + ", "
              + scale
              + "))");
    }
    if (scaled.precision() > precision) {
      throw new ValueMismatch(
          "column '"
              + path
              + "': "
              + d.toPlainString()
              + " has more than "
              + precision
              + " digits (decimal("
              + precision
              + ", "
              + scale
              + "))");
    }
    return scaled;
  }

  private static NonNull timestamp(TimeStampVector t, String path) {
    ArrowType.Timestamp type = (ArrowType.Timestamp) t.getField().getType();
    boolean zoned = type.getTimezone() != null;
    long perSecond =
        switch (type.getUnit()) {
          case SECOND -> 1L;
          case MILLISECOND -> 1_000L;
          case MICROSECOND -> 1_000_000L;
          case NANOSECOND -> 1_000_000_000L;
        };
    long nanosPerUnit = 1_000_000_000L / perSecond;
    return (i, x) -> {
      long seconds;
      int nanos;
      if (zoned && x instanceof Instant in) {
        seconds = in.getEpochSecond();
        nanos = in.getNano();
      } else if (!zoned && x instanceof LocalDateTime ldt) {
        seconds = ldt.toEpochSecond(ZoneOffset.UTC);
        nanos = ldt.getNano();
      } else {
        throw ValueMismatch.of(path, (zoned ? "Instant" : "LocalDateTime") + " for " + type, x);
      }
      t.setSafe(i, Math.addExact(Math.multiplyExact(seconds, perSecond), nanos / nanosPerUnit));
    };
  }

  private static NonNull fixedSizeList(FixedSizeListVector l, String path) {
    int size = l.getListSize();
    if (l.getDataVector() instanceof Float4Vector f) {
      ValueWriter generic = of(f, path + "[]");
      return (i, x) -> {
        checkLength(path, size, Sequences.length(x, path));
        l.setNotNull(i);
        if (x instanceof float[] a) {
          for (int k = 0; k < size; k++) {
            f.setSafe(i * size + k, a[k]);
          }
        } else {
          checkLength(path, size, Sequences.length(x, path));
          Sequences.write(generic, i * size, x, path);
        }
      };
    }
    ValueWriter child = of(l.getDataVector(), path + "[]");
    return (i, x) -> {
      checkLength(path, size, Sequences.length(x, path));
      l.setNotNull(i);
      Sequences.write(child, i * size, x, path);
    };
  }

  private static void checkLength(String path, int expected, int actual) {
    if (expected != actual) {
      throw new ValueMismatch(
          "column '"
              + path
              + "': expected "
              + expected
              + " elements (fixed_size_list)"
              + " but got "
              + actual);
    }
  }

  private static NonNull struct(StructVector s, String path) {
    List<FieldVector> children = s.getChildrenFromFields();
    String[] names = new String[children.size()];
    ValueWriter[] writers = new ValueWriter[names.length];
    for (int k = 0; k < names.length; k++) {
      names[k] = children.get(k).getName();
      writers[k] = of(children.get(k), path + "." + names[k]);
    }
    return (i, x) -> {
      if (x instanceof Row r) {
        s.setIndexDefined(i);
        RowWriting.writeRow(r, names, writers, i, path);
      } else if (x instanceof Map<?, ?> m) {
        s.setIndexDefined(i);
        RowWriting.writeMap(m, names, writers, i, path);
      } else {
        throw ValueMismatch.of(path, "Row or Map<String, ?> for a struct", x);
      }
    };
  }

  private static <T> T asType(Object x, Class<T> type, String path, String expected) {
    if (type.isInstance(x)) {
      return type.cast(x);
    }
    throw ValueMismatch.of(path, expected, x);
  }

  private static <T> T fail(String path, String expected, Object actual) {
    throw ValueMismatch.of(path, expected, actual);
  }
}
