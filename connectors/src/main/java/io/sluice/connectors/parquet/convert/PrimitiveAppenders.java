package io.sluice.connectors.parquet.convert;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BaseFixedWidthVector;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.arrow.vector.DecimalVector;
import org.apache.arrow.vector.ExtensionTypeVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.FixedSizeBinaryVector;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.Converter;
import org.apache.parquet.io.api.PrimitiveConverter;

/** Appenders for leaf columns. Fixed-width values are stored straight into the vector's buffers. */
final class PrimitiveAppenders {

  private PrimitiveAppenders() {}

  /** Shared state: the vector, the position and the byte estimate. */
  abstract static class Base<V extends FieldVector> extends PrimitiveConverter
      implements VectorAppender {
    final BatchBytes bytes;
    V vector;
    int pos;

    Base(BatchBytes bytes) {
      this.bytes = bytes;
    }

    @Override
    public Converter converter() {
      return this;
    }

    @SuppressWarnings("unchecked")
    @Override
    public void bind(FieldVector v) {
      this.vector = (V) v;
      this.pos = 0;
    }

    @Override
    public int position() {
      return pos;
    }
  }

  /** Any fixed-width vector of width 1, 2, 4 or 8 (ints, dates, times, timestamps, floats). */
  abstract static class FixedWidth extends Base<BaseFixedWidthVector> {
    final int width;
    int capacity;
    ArrowBuf data;
    ArrowBuf validity;

    FixedWidth(BatchBytes bytes, int width) {
      super(bytes);
      this.width = width;
    }

    @Override
    public void bind(FieldVector v) {
      super.bind(v);
      refresh();
    }

    private void refresh() {
      capacity = vector.getValueCapacity();
      data = vector.getDataBuffer();
      validity = vector.getValidityBuffer();
    }

    /** Makes room for {@code pos}, marks it valid and returns its byte offset. */
    final long slot() {
      while (pos >= capacity) {
        vector.reAlloc();
        refresh();
      }
      BitVectorHelper.setBit(validity, pos);
      bytes.bytes += width;
      return (long) pos++ * width;
    }

    @Override
    public void appendNull() {
      vector.setNull(pos++);
      refresh();
    }
  }

  static final class Int32 extends FixedWidth {
    Int32(BatchBytes bytes, int width) {
      super(bytes, width);
    }

    @Override
    public void addInt(int value) {
      long at = slot();
      switch (width) {
        case 1 -> data.setByte(at, value);
        case 2 -> data.setShort(at, (short) value);
        default -> data.setInt(at, value);
      }
    }
  }

  static final class Int64 extends FixedWidth {
    Int64(BatchBytes bytes) {
      super(bytes, 8);
    }

    @Override
    public void addLong(long value) {
      long at = slot(); // before reading data: slot() may reallocate
      data.setLong(at, value);
    }
  }

  /** INT96 legacy timestamps (nanos of day, then Julian day, little-endian) to epoch nanos. */
  static final class Int96 extends FixedWidth {
    private static final long JULIAN_EPOCH_DAY = 2_440_588L;
    private static final long NANOS_PER_DAY = 86_400_000_000_000L;

    Int96(BatchBytes bytes) {
      super(bytes, 8);
    }

    @Override
    public void addBinary(Binary value) {
      ByteBuffer b = value.toByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
      long nanosOfDay = b.getLong(b.position());
      long julianDay = Integer.toUnsignedLong(b.getInt(b.position() + 8));
      long at = slot();
      data.setLong(at, (julianDay - JULIAN_EPOCH_DAY) * NANOS_PER_DAY + nanosOfDay);
    }
  }

  static final class Float32 extends FixedWidth {
    Float32(BatchBytes bytes) {
      super(bytes, 4);
    }

    @Override
    public void addFloat(float value) {
      long at = slot();
      data.setFloat(at, value);
    }
  }

  static final class Float64 extends FixedWidth {
    Float64(BatchBytes bytes) {
      super(bytes, 8);
    }

    @Override
    public void addDouble(double value) {
      long at = slot();
      data.setDouble(at, value);
    }
  }

  static final class Bool extends Base<BitVector> {
    Bool(BatchBytes bytes) {
      super(bytes);
    }

    @Override
    public void addBoolean(boolean value) {
      vector.setSafe(pos++, value ? 1 : 0);
      bytes.bytes += 1;
    }

    @Override
    public void appendNull() {
      vector.setNull(pos++);
    }
  }

  /** Strings and binaries. */
  static final class VarWidth extends Base<BaseVariableWidthVector> {
    VarWidth(BatchBytes bytes) {
      super(bytes);
    }

    @Override
    public void addBinary(Binary value) {
      ByteBuffer b = value.toByteBuffer();
      vector.setSafe(pos++, b, b.position(), b.remaining());
      bytes.bytes += b.remaining() + 4;
    }

    @Override
    public void appendNull() {
      vector.setNull(pos++);
    }
  }

  /** Fixed-size binaries, also as the storage of an extension type such as {@code arrow.uuid}. */
  static final class FixedBinary extends Base<FixedSizeBinaryVector> {
    FixedBinary(BatchBytes bytes) {
      super(bytes);
    }

    @Override
    public void bind(FieldVector v) {
      super.bind(v instanceof ExtensionTypeVector<?> e ? e.getUnderlyingVector() : v);
    }

    @Override
    public void addBinary(Binary value) {
      vector.setSafe(pos++, value.getBytesUnsafe());
      bytes.bytes += value.length();
    }

    @Override
    public void appendNull() {
      vector.setNull(pos++);
    }
  }

  /**
   * Decimals from any physical type: unscaled INT32/INT64, or big-endian two's complement bytes.
   */
  static final class Decimal extends Base<DecimalVector> {
    Decimal(BatchBytes bytes) {
      super(bytes);
    }

    @Override
    public void addInt(int value) {
      addLong(value);
    }

    @Override
    public void addLong(long value) {
      vector.setSafe(pos++, value);
      bytes.bytes += 16;
    }

    @Override
    public void addBinary(Binary value) {
      vector.setBigEndianSafe(pos++, value.getBytesUnsafe());
      bytes.bytes += 16;
    }

    @Override
    public void appendNull() {
      vector.setNull(pos++);
    }
  }
}
