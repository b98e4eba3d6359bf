package io.sluice.connectors.parquet.convert;

import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.ExtensionTypeVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.FixedSizeBinaryVector;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;

/** Writers for leaf vectors, reading fixed-width values straight from the Arrow buffers. */
final class PrimitiveWriters {

  private PrimitiveWriters() {}

  static final class Bool extends FieldWriter {
    Bool(String name, int index) {
      super(name, index);
    }

    @Override
    void writeValue(RecordConsumer rc, int i) {
      rc.addBoolean(((BitVector) vector).get(i) != 0);
    }
  }

  /** 1-, 2- or 4-byte integers (also dates in days, times in millis) as INT32. */
  static final class Int32 extends FieldWriter {
    private final int width;
    private final boolean unsigned;

    Int32(String name, int index, int width, boolean unsigned) {
      super(name, index);
      this.width = width;
      this.unsigned = unsigned;
    }

    @Override
    void writeValue(RecordConsumer rc, int i) {
      ArrowBuf d = vector.getDataBuffer();
      int v =
          switch (width) {
            case 1 -> unsigned ? d.getByte(i) & 0xFF : d.getByte(i);
            case 2 -> unsigned ? d.getShort(2L * i) & 0xFFFF : d.getShort(2L * i);
            default -> d.getInt(4L * i);
          };
      rc.addInteger(v);
    }
  }

  /** 8-byte integers (timestamps, times) as INT64, times {@code factor} (seconds to millis). */
  static final class Int64 extends FieldWriter {
    private final long factor;

    Int64(String name, int index, long factor) {
      super(name, index);
      this.factor = factor;
    }

    @Override
    void writeValue(RecordConsumer rc, int i) {
      rc.addLong(vector.getDataBuffer().getLong(8L * i) * factor);
    }
  }

  /** {@code date64} (millis) as a Parquet DATE in days. */
  static final class DateMillis extends FieldWriter {
    DateMillis(String name, int index) {
      super(name, index);
    }

    @Override
    void writeValue(RecordConsumer rc, int i) {
      rc.addInteger((int) Math.floorDiv(vector.getDataBuffer().getLong(8L * i), 86_400_000L));
    }
  }

  static final class Float32 extends FieldWriter {
    Float32(String name, int index) {
      super(name, index);
    }

    @Override
    void writeValue(RecordConsumer rc, int i) {
      rc.addFloat(vector.getDataBuffer().getFloat(4L * i));
    }
  }

  static final class Float64 extends FieldWriter {
    Float64(String name, int index) {
      super(name, index);
    }

    @Override
    void writeValue(RecordConsumer rc, int i) {
      rc.addDouble(vector.getDataBuffer().getDouble(8L * i));
    }
  }

  /** Strings and binaries; parquet-mr copies a reused binary whenever it keeps one. */
  static final class VarWidth extends FieldWriter {
    VarWidth(String name, int index) {
      super(name, index);
    }

    @Override
    void writeValue(RecordConsumer rc, int i) {
      BaseVariableWidthVector v = (BaseVariableWidthVector) vector;
      int start = v.getStartOffset(i);
      int len = v.getValueLength(i);
      rc.addBinary(Binary.fromReusedByteBuffer(v.getDataBuffer().nioBuffer(start, len)));
    }
  }

  /** Fixed-size binaries, also as the storage of an extension type such as {@code arrow.uuid}. */
  static final class FixedBinary extends FieldWriter {
    FixedBinary(String name, int index) {
      super(name, index);
    }

    @Override
    void bind(FieldVector v) {
      super.bind(v instanceof ExtensionTypeVector<?> e ? e.getUnderlyingVector() : v);
    }

    @Override
    void writeValue(RecordConsumer rc, int i) {
      rc.addBinary(Binary.fromConstantByteArray(((FixedSizeBinaryVector) vector).get(i)));
    }
  }

  /** 128-bit little-endian decimals as unscaled INT32, INT64 or big-endian fixed bytes. */
  static final class Decimal extends FieldWriter {
    private final int precision;
    private final int fixedBytes;

    Decimal(String name, int index, int precision) {
      super(name, index);
      this.precision = precision;
      this.fixedBytes = ArrowToParquetSchema.decimalBytes(precision);
    }

    @Override
    void writeValue(RecordConsumer rc, int i) {
      ArrowBuf d = vector.getDataBuffer();
      long at = 16L * i;
      if (precision <= 9) {
        rc.addInteger((int) d.getLong(at));
      } else if (precision <= 18) {
        rc.addLong(d.getLong(at));
      } else {
        byte[] out = new byte[fixedBytes];
        for (int k = 0; k < fixedBytes; k++) {
          out[fixedBytes - 1 - k] = d.getByte(at + k); // little-endian to big-endian, low bytes
        }
        rc.addBinary(Binary.fromConstantByteArray(out));
      }
    }
  }
}
