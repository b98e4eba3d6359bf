package io.sluice.connectors.parquet.vector;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.apache.parquet.bytes.BytesInput;

/**
 * The bytes of one decompressed page as {@code a[from, to)}: decoders index a heap array directly
 * (parquet-mr's heap allocator already gives one, so this rarely copies) and read little-endian
 * numbers through {@link VarHandle}s, which compile to plain loads.
 */
record PageBytes(byte[] a, int from, int to) {

  static final VarHandle INT =
      MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
  static final VarHandle LONG =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  static PageBytes of(BytesInput in) {
    ByteBuffer b;
    try {
      b = in.toByteBuffer();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (b.hasArray()) {
      return new PageBytes(b.array(), b.arrayOffset() + b.position(), b.arrayOffset() + b.limit());
    }
    byte[] copy = new byte[b.remaining()];
    b.duplicate().get(copy);
    return new PageBytes(copy, 0, copy.length);
  }

  static int intAt(byte[] a, int at) {
    return (int) INT.get(a, at);
  }
}
