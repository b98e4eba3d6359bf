package io.sluice.connectors.parquet;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.FixedSizeBinaryVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/** A deterministic table with every supported type, nulls in every nullable position. */
final class AllTypes {

  private AllTypes() {}

  static Field f(String name, ArrowType t, Field... children) {
    return new Field(name, FieldType.nullable(t), children.length == 0 ? null : List.of(children));
  }

  static Field req(String name, ArrowType t) {
    return new Field(name, FieldType.notNullable(t), null);
  }

  static final Schema SCHEMA =
      new Schema(
          List.of(
              req("id", new ArrowType.Int(64, true)),
              f("b", ArrowType.Bool.INSTANCE),
              f("i8", new ArrowType.Int(8, true)),
              f("i16", new ArrowType.Int(16, true)),
              f("i32", new ArrowType.Int(32, true)),
              f("i64", new ArrowType.Int(64, true)),
              f("u8", new ArrowType.Int(8, false)),
              f("u16", new ArrowType.Int(16, false)),
              f("u32", new ArrowType.Int(32, false)),
              f("u64", new ArrowType.Int(64, false)),
              f("f32", new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE)),
              f("f64", new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)),
              f("s", ArrowType.Utf8.INSTANCE),
              f("bin", ArrowType.Binary.INSTANCE),
              f("fbin", new ArrowType.FixedSizeBinary(3)),
              f("d", new ArrowType.Date(DateUnit.DAY)),
              f("t_ms", new ArrowType.Time(TimeUnit.MILLISECOND, 32)),
              f("t_us", new ArrowType.Time(TimeUnit.MICROSECOND, 64)),
              f("ts_ms_utc", new ArrowType.Timestamp(TimeUnit.MILLISECOND, "UTC")),
              f("ts_us", new ArrowType.Timestamp(TimeUnit.MICROSECOND, null)),
              f("ts_ns_utc", new ArrowType.Timestamp(TimeUnit.NANOSECOND, "UTC")),
              f("dec9", new ArrowType.Decimal(9, 2, 128)),
              f("dec18", new ArrowType.Decimal(18, 4, 128)),
              f("dec38", new ArrowType.Decimal(38, 10, 128)),
              f("li", ArrowType.List.INSTANCE, f("element", new ArrowType.Int(32, true))),
              f("ls", ArrowType.List.INSTANCE, f("item", ArrowType.Utf8.INSTANCE)),
              f(
                  "emb",
                  new ArrowType.FixedSizeList(4),
                  f("element", new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE))),
              f(
                  "st",
                  ArrowType.Struct.INSTANCE,
                  f("a", new ArrowType.Int(32, true)),
                  f("name", ArrowType.Utf8.INSTANCE),
                  f(
                      "inner",
                      ArrowType.Struct.INSTANCE,
                      f("x", new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)),
                      f(
                          "l",
                          ArrowType.List.INSTANCE,
                          f("element", new ArrowType.Int(64, true)))))));

  /** Rows {@code [from, from + n)}; the same row number always has the same values. */
  static VectorSchemaRoot batch(BufferAllocator allocator, int from, int n) {
    VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, allocator);
    root.allocateNew();
    for (int k = 0; k < n; k++) {
      int r = from + k;
      for (FieldVector v : root.getFieldVectors()) {
        if (v.getName().equals("id")) {
          ((BigIntVector) v).setSafe(k, r);
        } else if (nullAt(r, v.getName())) {
          setNull(v, k);
        } else {
          set(v, k, r);
        }
      }
    }
    root.setRowCount(n);
    return root;
  }

  private static boolean nullAt(int r, String column) {
    return (r + column.length()) % 7 == 3;
  }

  private static void setNull(FieldVector v, int k) {
    if (v instanceof BaseFixedWidthVector f) {
      f.setNull(k);
    } else if (v instanceof VarCharVector s) {
      s.setNull(k);
    } else if (v instanceof VarBinaryVector b) {
      b.setNull(k);
    } else if (v instanceof ListVector l) {
      l.setNull(k);
    } else if (v instanceof FixedSizeListVector l) {
      l.setNull(k);
    } else if (v instanceof StructVector s) {
      s.setNull(k);
    } else {
      throw new IllegalArgumentException(v.getName());
    }
  }

  private static void set(FieldVector v, int k, int r) {
    long big = (long) r * 1_000_003L - 5_000_000L;
    if (v instanceof BaseFixedWidthVector f) {
      while (k >= f.getValueCapacity()) {
        f.reAlloc();
      }
    }
    switch (v.getName()) {
      case "b" -> ((BitVector) v).setSafe(k, r % 2);
      case "i8", "u8" ->
          ((BaseFixedWidthVector) v)
              .getDataBuffer()
              .setByte(k, (byte) (r * 37)); // wraps: covers >127 for u8
      case "i16", "u16" ->
          ((BaseFixedWidthVector) v).getDataBuffer().setShort(2L * k, (short) (r * 4099));
      case "i32", "u32", "d", "t_ms" ->
          ((BaseFixedWidthVector) v).getDataBuffer().setInt(4L * k, r * 1_000_003 - 7);
      case "i64", "u64", "t_us", "ts_ms_utc", "ts_us", "ts_ns_utc" ->
          ((BaseFixedWidthVector) v).getDataBuffer().setLong(8L * k, big * 1_000_003L);
      case "f32" -> ((Float4Vector) v).setSafe(k, r / 3f);
      case "f64" -> ((Float8Vector) v).setSafe(k, r / 7.0 - 100);
      case "s" ->
          ((VarCharVector) v)
              .setSafe(
                  k, ("row " + r + " \u00e9\u4e16").repeat(r % 3).getBytes(StandardCharsets.UTF_8));
      case "bin" ->
          ((VarBinaryVector) v).setSafe(k, new byte[] {(byte) r, (byte) (r >> 8), 0, (byte) 0xff});
      case "fbin" -> ((FixedSizeBinaryVector) v).setSafe(k, new byte[] {(byte) r, 1, (byte) 0x80});
      case "dec9" -> ((DecimalVector) v).setSafe(k, BigDecimal.valueOf(r * 12_345L - 99_999, 2));
      case "dec18" -> ((DecimalVector) v).setSafe(k, BigDecimal.valueOf(big * 1_000_003L, 4));
      case "dec38" ->
          ((DecimalVector) v)
              .setSafe(
                  k,
                  new BigDecimal(
                      new BigInteger((r % 2 == 0 ? "-" : "") + "1234567890123456789012345678" + r),
                      10));
      case "li" -> list((ListVector) v, k, r, r % 5);
      case "ls" -> list((ListVector) v, k, r, r % 3);
      case "emb" -> {
        FixedSizeListVector l = (FixedSizeListVector) v;
        l.setNotNull(k);
        Float4Vector e = (Float4Vector) l.getDataVector();
        for (int j = 0; j < 4; j++) {
          e.setSafe(k * 4 + j, r + j / 4f);
        }
      }
      case "st" -> {
        StructVector s = (StructVector) v;
        s.setIndexDefined(k);
        IntVector a = (IntVector) s.getChild("a");
        if (r % 4 == 1) {
          a.setNull(k);
        } else {
          a.setSafe(k, -r);
        }
        VarCharVector name = (VarCharVector) s.getChild("name");
        name.setSafe(k, ("n" + r).getBytes(StandardCharsets.UTF_8));
        StructVector inner = (StructVector) s.getChild("inner");
        if (r % 6 == 2) {
          inner.setNull(k);
          ((Float8Vector) inner.getChild("x")).setNull(k);
          ((ListVector) inner.getChild("l")).setNull(k);
        } else {
          inner.setIndexDefined(k);
          ((Float8Vector) inner.getChild("x")).setSafe(k, r * 0.5);
          list((ListVector) inner.getChild("l"), k, r, r % 4);
        }
      }
      default -> throw new IllegalArgumentException(v.getName());
    }
    if (v instanceof BaseFixedWidthVector f
        && !(v instanceof BitVector)
        && !(v instanceof Float4Vector)
        && !(v instanceof Float8Vector)
        && !(v instanceof DecimalVector)
        && !(v instanceof FixedSizeBinaryVector)) {
      BitVectorHelper.setBit(f.getValidityBuffer(), k);
    }
  }

  /** {@code n} elements (empty when n == 0); element 1 is null when n > 2. */
  private static void list(ListVector l, int k, int r, int n) {
    int at = l.startNewValue(k);
    FieldVector data = l.getDataVector();
    for (int j = 0; j < n; j++) {
      if (j == 1 && n > 2) {
        setNull(data, at + j);
      } else if (data instanceof IntVector iv) {
        iv.setSafe(at + j, r * 10 + j);
      } else if (data instanceof BigIntVector bv) {
        bv.setSafe(at + j, (long) r * 1_000_000_007L + j);
      } else {
        ((VarCharVector) data)
            .setSafe(at + j, ("e" + r + "_" + j).getBytes(StandardCharsets.UTF_8));
      }
    }
    l.endValue(k, n);
  }
}
