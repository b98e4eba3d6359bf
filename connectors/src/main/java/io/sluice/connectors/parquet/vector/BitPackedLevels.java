package io.sluice.connectors.parquet.vector;

import org.apache.parquet.io.ParquetDecodingException;

/**
 * Definition levels in the deprecated {@code BIT_PACKED} encoding (v1 pages of very old writers):
 * {@code bitWidth} bits per value, most significant bit first, no header. Rare, so bit by bit.
 */
final class BitPackedLevels implements IntDecoder {

  private final byte[] buf;
  private final int from;
  private final int end;
  private final int bitWidth;
  private long bit;

  BitPackedLevels(byte[] buf, int from, int end, int bitWidth) {
    this.buf = buf;
    this.from = from;
    this.end = end;
    this.bitWidth = bitWidth;
  }

  /** Bytes taken by {@code values} levels of {@code bitWidth} bits. */
  static int size(int values, int bitWidth) {
    return (int) (((long) values * bitWidth + 7) / 8);
  }

  @Override
  public void read(int[] dst, int off, int n) {
    for (int i = 0; i < n; i++) {
      int v = 0;
      for (int b = 0; b < bitWidth; b++, bit++) {
        int at = from + (int) (bit >>> 3);
        if (at >= end) {
          throw new ParquetDecodingException("bit-packed levels end early");
        }
        v = (v << 1) | ((buf[at] >>> (7 - (int) (bit & 7))) & 1);
      }
      dst[off + i] = v;
    }
  }
}
