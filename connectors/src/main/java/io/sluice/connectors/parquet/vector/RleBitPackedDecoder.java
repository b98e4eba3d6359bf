package io.sluice.connectors.parquet.vector;

import java.util.Arrays;
import org.apache.parquet.column.values.bitpacking.BytePacker;
import org.apache.parquet.column.values.bitpacking.Packer;
import org.apache.parquet.io.ParquetDecodingException;

/**
 * Parquet's RLE / bit-packing hybrid (definition levels, dictionary ids, v2 booleans) read in bulk:
 * an RLE run becomes one {@link Arrays#fill}, a bit-packed run is unpacked eight values at a time
 * by parquet-mr's {@link BytePacker}. parquet-mr's own {@code RunLengthBitPackingHybridDecoder}
 * returns one value per call through an {@code InputStream}, which is what this replaces.
 *
 * <p>Reads {@code buf[pos, end)}; the caller has stripped any length prefix. Single-threaded.
 */
final class RleBitPackedDecoder implements IntDecoder {

  private final byte[] buf;
  private final int end;
  private final int bitWidth;
  private final int valueBytes;
  private final BytePacker packer;
  private int pos;

  private boolean rle;
  private int runLeft;
  private int rleValue;
  private int[] packed = new int[0];
  private int packedAt;

  RleBitPackedDecoder(byte[] buf, int pos, int end, int bitWidth) {
    if (bitWidth < 0 || bitWidth > 32) {
      throw new ParquetDecodingException("invalid bit width " + bitWidth);
    }
    this.buf = buf;
    this.pos = pos;
    this.end = end;
    this.bitWidth = bitWidth;
    this.valueBytes = (bitWidth + 7) / 8;
    this.packer = Packer.LITTLE_ENDIAN.newBytePacker(bitWidth);
  }

  @Override
  public void read(int[] dst, int off, int n) {
    while (n > 0) {
      if (runLeft == 0) {
        nextRun();
      }
      int c = Math.min(n, runLeft);
      if (rle) {
        Arrays.fill(dst, off, off + c, rleValue);
      } else {
        System.arraycopy(packed, packedAt, dst, off, c);
        packedAt += c;
      }
      runLeft -= c;
      off += c;
      n -= c;
    }
  }

  private void nextRun() {
    int header = readVarInt();
    if ((header & 1) == 0) {
      rle = true;
      runLeft = header >>> 1;
      int v = 0;
      for (int i = 0; i < valueBytes; i++) {
        v |= (next() & 0xff) << (8 * i);
      }
      rleValue = v;
    } else {
      rle = false;
      int groups = header >>> 1;
      if (groups > (bitWidth == 0 ? 1 << 20 : (end - pos) / bitWidth + 1)) {
        throw new ParquetDecodingException(
            "bit-packed run of " + groups + " groups overruns the page");
      }
      int values = groups * 8;
      if (packed.length < values) {
        packed = new int[Math.max(values, 2 * packed.length)];
      }
      // The last run of a page may be stored without its padding bytes: unpack from a padded copy.
      int bytes = groups * bitWidth;
      byte[] in = buf;
      int inPos = pos;
      if (pos + bytes > end) {
        in = Arrays.copyOfRange(buf, pos, pos + bytes);
        inPos = 0;
      }
      for (int g = 0; g < groups; g++) {
        packer.unpack8Values(in, inPos + g * bitWidth, packed, g * 8);
      }
      pos = Math.min(end, pos + bytes);
      packedAt = 0;
      runLeft = values;
    }
    if (runLeft == 0) {
      throw new ParquetDecodingException("empty RLE/bit-packed run");
    }
  }

  private int readVarInt() {
    int value = 0;
    for (int shift = 0; shift < 35; shift += 7) {
      int b = next();
      value |= (b & 0x7f) << shift;
      if ((b & 0x80) == 0) {
        return value;
      }
    }
    throw new ParquetDecodingException("malformed RLE run header");
  }

  private int next() {
    if (pos >= end) {
      throw new ParquetDecodingException("RLE/bit-packed data ends early");
    }
    return buf[pos++];
  }
}
