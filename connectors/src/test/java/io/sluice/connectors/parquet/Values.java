package io.sluice.connectors.parquet;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BaseIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.FixedSizeBinaryVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VarBinaryVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.complex.StructVector;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.PrimitiveType;
import org.apache.parquet.schema.Type;

/**
 * Turns Arrow rows and parquet-mr example {@link Group}s into the same plain Java values (Long,
 * Double, Boolean, String, hex String, BigDecimal, List, Map), so two independent readers can be
 * compared value by value.
 */
final class Values {

  private Values() {}

  static List<List<Object>> rows(List<VectorSchemaRoot> batches) {
    List<List<Object>> out = new ArrayList<>();
    for (VectorSchemaRoot b : batches) {
      for (int r = 0; r < b.getRowCount(); r++) {
        List<Object> row = new ArrayList<>();
        for (FieldVector v : b.getFieldVectors()) {
          row.add(arrow(v, r));
        }
        out.add(row);
      }
    }
    return out;
  }

  static Object arrow(FieldVector v, int i) {
    if (v.isNull(i)) {
      return null;
    }
    if (v instanceof BitVector b) {
      return b.get(i) != 0;
    }
    if (v instanceof BaseIntVector iv && !(v instanceof DecimalVector)) {
      return iv.getValueAsLong(i);
    }
    if (v instanceof Float4Vector f) {
      return (double) f.get(i);
    }
    if (v instanceof Float8Vector f) {
      return f.get(i);
    }
    if (v instanceof DecimalVector d) {
      return d.getObject(i);
    }
    if (v instanceof VarCharVector s) {
      return s.getObject(i).toString();
    }
    if (v instanceof VarBinaryVector b) {
      return HexFormat.of().formatHex(b.get(i));
    }
    if (v instanceof FixedSizeBinaryVector b) {
      return HexFormat.of().formatHex(b.get(i));
    }
    if (v instanceof ListVector l) {
      List<Object> out = new ArrayList<>();
      for (int e = l.getElementStartIndex(i); e < l.getElementEndIndex(i); e++) {
        out.add(arrow(l.getDataVector(), e));
      }
      return out;
    }
    if (v instanceof FixedSizeListVector l) {
      List<Object> out = new ArrayList<>();
      for (int e = l.getElementStartIndex(i); e < l.getElementEndIndex(i); e++) {
        out.add(arrow((FieldVector) l.getDataVector(), e));
      }
      return out;
    }
    if (v instanceof StructVector s) {
      Map<String, Object> out = new LinkedHashMap<>();
      for (FieldVector c : s.getChildrenFromFields()) {
        out.put(c.getName(), arrow(c, i));
      }
      return out;
    }
    if (v instanceof BaseFixedWidthVector f) { // dates, times, timestamps: the stored number
      return f.getTypeWidth() == 4
          ? (long) f.getDataBuffer().getInt(4L * i)
          : f.getDataBuffer().getLong(8L * i);
    }
    throw new IllegalArgumentException("no normalizer for " + v.getClass());
  }

  static List<Object> group(Group g) {
    List<Object> row = new ArrayList<>();
    GroupType t = g.getType();
    for (int f = 0; f < t.getFieldCount(); f++) {
      row.add(field(g, f, t.getType(f)));
    }
    return row;
  }

  private static Object field(Group g, int f, Type type) {
    if (g.getFieldRepetitionCount(f) == 0) {
      return null;
    }
    return type.isPrimitive()
        ? primitive(g, f, 0, type.asPrimitiveType())
        : nested(g.getGroup(f, 0), type.asGroupType());
  }

  private static Object nested(Group g, GroupType type) {
    if (type.getLogicalTypeAnnotation()
        instanceof LogicalTypeAnnotation.ListLogicalTypeAnnotation) {
      List<Object> out = new ArrayList<>();
      Type repeated = type.getType(0);
      int n = g.getFieldRepetitionCount(0);
      for (int e = 0; e < n; e++) {
        if (repeated.isPrimitive()) { // legacy 2-level
          out.add(primitive(g, 0, e, repeated.asPrimitiveType()));
        } else {
          Group wrapper = g.getGroup(0, e);
          GroupType wt = repeated.asGroupType();
          out.add(field(wrapper, 0, wt.getType(0)));
        }
      }
      return out;
    }
    Map<String, Object> out = new LinkedHashMap<>();
    for (int f = 0; f < type.getFieldCount(); f++) {
      out.put(type.getFieldName(f), field(g, f, type.getType(f)));
    }
    return out;
  }

  private static Object primitive(Group g, int f, int idx, PrimitiveType p) {
    LogicalTypeAnnotation ann = p.getLogicalTypeAnnotation();
    switch (p.getPrimitiveTypeName()) {
      case BOOLEAN:
        return g.getBoolean(f, idx);
      case INT32:
        {
          int v = g.getInteger(f, idx);
          if (ann instanceof LogicalTypeAnnotation.DecimalLogicalTypeAnnotation d) {
            return BigDecimal.valueOf(v, d.getScale());
          }
          if (ann instanceof LogicalTypeAnnotation.IntLogicalTypeAnnotation i
              && !i.isSigned()
              && i.getBitWidth() == 32) {
            return Integer.toUnsignedLong(v);
          }
          return (long) v;
        }
      case INT64:
        {
          long v = g.getLong(f, idx);
          if (ann instanceof LogicalTypeAnnotation.DecimalLogicalTypeAnnotation d) {
            return BigDecimal.valueOf(v, d.getScale());
          }
          return v;
        }
      case INT96:
        {
          ByteBuffer b =
              ByteBuffer.wrap(g.getInt96(f, idx).getBytes()).order(ByteOrder.LITTLE_ENDIAN);
          long nanosOfDay = b.getLong();
          long julian = b.getInt();
          return (julian - 2_440_588L) * 86_400_000_000_000L + nanosOfDay;
        }
      case FLOAT:
        return (double) g.getFloat(f, idx);
      case DOUBLE:
        return g.getDouble(f, idx);
      case BINARY:
      case FIXED_LEN_BYTE_ARRAY:
        {
          byte[] bytes = g.getBinary(f, idx).getBytes();
          if (ann instanceof LogicalTypeAnnotation.DecimalLogicalTypeAnnotation d) {
            return new BigDecimal(new BigInteger(bytes), d.getScale());
          }
          if (ann instanceof LogicalTypeAnnotation.StringLogicalTypeAnnotation) {
            return g.getString(f, idx);
          }
          return HexFormat.of().formatHex(bytes);
        }
      default:
        throw new IllegalArgumentException("no normalizer for " + p);
    }
  }
}
