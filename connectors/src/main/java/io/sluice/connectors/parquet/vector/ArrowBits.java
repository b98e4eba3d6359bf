package io.sluice.connectors.parquet.vector;

import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BitVectorHelper;

/** Bulk writes into Arrow bitmaps, and the capacity check that guards raw-address writes. */
final class ArrowBits {

  private ArrowBits() {}

  /** Sets bits {@code [from, from + count)}: whole bytes at once, the ragged ends bit by bit. */
  static void setRange(ArrowBuf bits, int from, int count) {
    int end = from + count;
    while (from < end && (from & 7) != 0) {
      BitVectorHelper.setBit(bits, from++);
    }
    int bytes = (end - from) >>> 3;
    if (bytes > 0) {
      bits.setOne((long) from >>> 3, bytes);
      from += bytes << 3;
    }
    while (from < end) {
      BitVectorHelper.setBit(bits, from++);
    }
  }

  /**
   * Fails unless {@code buf} holds {@code end} bytes. Decoders check once per run, then write
   * through {@link org.apache.arrow.memory.util.MemoryUtil} without per-value bounds checks.
   */
  static void checkRoom(ArrowBuf buf, long end) {
    if (end > buf.capacity()) {
      throw new IllegalStateException(
          "Arrow buffer of " + buf.capacity() + " bytes cannot hold " + end);
    }
  }
}
