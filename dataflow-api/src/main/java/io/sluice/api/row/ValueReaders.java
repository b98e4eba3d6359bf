package io.sluice.api.row;

import io.sluice.api.SimpleRow;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DateDayVector;
import org.apache.arrow.vector.DateMilliVector;
import org.apache.arrow.vector.FieldVector;
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
import org.apache.arrow.vector.ValueVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.complex.LargeListVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.MapVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;

/**
 * Builds a {@link ValueReader} for a vector, with the Java types {@link io.sluice.api.Row}
 * documents. Unsigned integers widen to the next signed type that holds every value (uint64 to
 * {@code BigInteger}), so no value ever reads as a wrong number. Types without a dedicated reader
 * fall back to Arrow's {@code getObject}, so nothing fails to read, it may just come back as
 * Arrow's own Java type.
 */
public final class ValueReaders {

  private ValueReaders() {}

  /** A reader for {@code vector}; valid while the vector's buffers are. */
  public static ValueReader of(ValueVector vector) {
    ValueReader r = nonNull(vector);
    if (vector instanceof NullVector) {
      return i -> null;
    }
    return i -> vector.isNull(i) ? null : r.read(i);
  }

  /** Reader assuming the value is not null. */
  private static ValueReader nonNull(ValueVector v) {
    if (v instanceof BitVector b) {
      return i -> b.get(i) != 0;
    } else if (v instanceof TinyIntVector t) {
      return t::get;
    } else if (v instanceof SmallIntVector s) {
      return s::get;
    } else if (v instanceof IntVector n) {
      return n::get;
    } else if (v instanceof BigIntVector n) {
      return n::get;
    } else if (v instanceof UInt1Vector u) {
      return i -> Byte.toUnsignedInt(u.get(i));
    } else if (v instanceof UInt2Vector u) {
      return i -> (int) u.get(i); // a char: already unsigned
    } else if (v instanceof UInt4Vector u) {
      return i -> Integer.toUnsignedLong(u.get(i));
    } else if (v instanceof UInt8Vector u) {
      return i -> unsignedLong(u.get(i));
    } else if (v instanceof Float4Vector f) {
      return f::get;
    } else if (v instanceof Float8Vector f) {
      return f::get;
    } else if (v instanceof VarCharVector s) {
      return i -> new String(s.get(i), StandardCharsets.UTF_8);
    } else if (v instanceof LargeVarCharVector s) {
      return i -> new String(s.get(i), StandardCharsets.UTF_8);
    } else if (v instanceof VarBinaryVector b) {
      return b::get;
    } else if (v instanceof BaseVariableWidthVector b) {
      return b::get; // other binary flavours
    } else if (v instanceof DateDayVector d) {
      return i -> LocalDate.ofEpochDay(d.get(i));
    } else if (v instanceof DateMilliVector d) {
      return i -> LocalDate.ofEpochDay(Math.floorDiv(d.get(i), 86_400_000L));
    } else if (v instanceof TimeStampVector t) {
      return timestamp(t);
    } else if (v instanceof TimeSecVector t) {
      return i -> LocalTime.ofSecondOfDay(t.get(i));
    } else if (v instanceof TimeMilliVector t) {
      return i -> LocalTime.ofNanoOfDay(t.get(i) * 1_000_000L);
    } else if (v instanceof TimeMicroVector t) {
      return i -> LocalTime.ofNanoOfDay(t.get(i) * 1_000L);
    } else if (v instanceof TimeNanoVector t) {
      return i -> LocalTime.ofNanoOfDay(t.get(i));
    } else if (v instanceof UuidVector u) {
      return u::getObject;
    } else if (v instanceof FixedSizeListVector l) {
      return fixedSizeList(l);
    } else if (v instanceof LargeListVector l) {
      ValueReader child = of(l.getDataVector());
      return i -> {
        long start = l.getOffsetBuffer().getLong((long) i * LargeListVector.OFFSET_WIDTH);
        long end = l.getOffsetBuffer().getLong((long) (i + 1) * LargeListVector.OFFSET_WIDTH);
        return collect(child, (int) start, (int) end);
      };
    } else if (v instanceof MapVector m) {
      return map(m);
    } else if (v instanceof ListVector l) {
      ValueReader child = of(l.getDataVector());
      return i ->
          collect(
              child,
              l.getOffsetBuffer().getInt((long) i * ListVector.OFFSET_WIDTH),
              l.getOffsetBuffer().getInt((long) (i + 1) * ListVector.OFFSET_WIDTH));
    } else if (v instanceof StructVector s) {
      return struct(s);
    }
    return v::getObject;
  }

  private static ValueReader timestamp(TimeStampVector t) {
    ArrowType.Timestamp type = (ArrowType.Timestamp) t.getField().getType();
    TimeUnit unit =
        switch (type.getUnit()) {
          case SECOND -> TimeUnit.SECONDS;
          case MILLISECOND -> TimeUnit.MILLISECONDS;
          case MICROSECOND -> TimeUnit.MICROSECONDS;
          case NANOSECOND -> TimeUnit.NANOSECONDS;
        };
    long perSecond = unit.convert(1, TimeUnit.SECONDS);
    long nanosPerUnit = TimeUnit.NANOSECONDS.convert(1, unit);
    boolean zoned = type.getTimezone() != null;
    return i -> {
      long raw = t.get(i);
      long seconds = Math.floorDiv(raw, perSecond);
      int nanos = (int) (Math.floorMod(raw, perSecond) * nanosPerUnit);
      return zoned
          ? Instant.ofEpochSecond(seconds, nanos)
          : LocalDateTime.ofEpochSecond(seconds, nanos, ZoneOffset.UTC);
    };
  }

  private static ValueReader fixedSizeList(FixedSizeListVector l) {
    int n = l.getListSize();
    if (l.getDataVector() instanceof Float4Vector f) {
      return i -> {
        float[] out = new float[n];
        int base = i * n;
        for (int k = 0; k < n; k++) {
          out[k] = f.get(base + k); // a null element reads as 0: embeddings have none
        }
        return out;
      };
    }
    ValueReader child = of(l.getDataVector());
    return i -> collect(child, i * n, i * n + n);
  }

  private static Object unsignedLong(long bits) {
    return bits >= 0
        ? BigInteger.valueOf(bits)
        : BigInteger.valueOf(bits).add(BigInteger.ONE.shiftLeft(64));
  }

  /** A map as an unmodifiable {@code Map} in entry order; a repeated key keeps its last value. */
  private static ValueReader map(MapVector m) {
    StructVector entries = (StructVector) m.getDataVector();
    ValueReader keys = of((FieldVector) entries.getChildByOrdinal(0));
    ValueReader values = of((FieldVector) entries.getChildByOrdinal(1));
    return i -> {
      int start = m.getOffsetBuffer().getInt((long) i * ListVector.OFFSET_WIDTH);
      int end = m.getOffsetBuffer().getInt((long) (i + 1) * ListVector.OFFSET_WIDTH);
      Map<Object, Object> out = new LinkedHashMap<>();
      for (int k = start; k < end; k++) {
        out.put(keys.read(k), values.read(k));
      }
      return Collections.unmodifiableMap(out);
    };
  }

  private static ValueReader struct(StructVector s) {
    List<Field> fields = s.getField().getChildren();
    String[] names = new String[fields.size()];
    ValueReader[] children = new ValueReader[names.length];
    for (int k = 0; k < names.length; k++) {
      names[k] = fields.get(k).getName();
      children[k] = of((FieldVector) s.getChildByOrdinal(k));
    }
    new SimpleRow(names, new Object[names.length]); // fails once on duplicate names
    return i -> {
      Object[] values = new Object[names.length];
      for (int k = 0; k < names.length; k++) {
        values[k] = children[k].read(i);
      }
      return SimpleRow.shared(names, values);
    };
  }

  private static List<Object> collect(ValueReader child, int start, int end) {
    List<Object> out = new ArrayList<>(end - start);
    for (int k = start; k < end; k++) {
      out.add(child.read(k));
    }
    return Collections.unmodifiableList(out);
  }
}
