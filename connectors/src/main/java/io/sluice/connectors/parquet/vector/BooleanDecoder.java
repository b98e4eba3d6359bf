package io.sluice.connectors.parquet.vector;

import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.vector.BitVectorHelper;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.page.PageReader;
import org.apache.parquet.io.ParquetDecodingException;

/**
 * BOOLEAN values into a {@code BitVector}: PLAIN (one bit per value, least significant first) or
 * RLE (what v2 pages use, with a 4-byte length prefix). Only true bits are set: the data buffer
 * starts zeroed. Dictionary-encoded booleans never reach here ({@link ColumnarReads} falls back).
 */
final class BooleanDecoder extends ColumnDecoder {

  private final int[] scratch = new int[STEP];
  private byte[] page;
  private int end;
  private long bit;
  private RleBitPackedDecoder rle;

  BooleanDecoder(ColumnDescriptor column, PageReader pages) {
    super(column, pages);
  }

  @Override
  boolean decodes(Encoding encoding) {
    return encoding == Encoding.PLAIN || encoding == Encoding.RLE;
  }

  @Override
  void startPlain(Encoding encoding, byte[] a, int from, int to) {
    if (encoding == Encoding.PLAIN) {
      rle = null;
      page = a;
      end = to;
      bit = (long) from << 3;
    } else if (encoding == Encoding.RLE) {
      int len = from + 4 <= to ? PageBytes.intAt(a, from) : -1;
      if (len < 0 || from + 4 + len > to) {
        throw new ParquetDecodingException("RLE booleans overrun the page in column " + name());
      }
      rle = new RleBitPackedDecoder(a, from + 4, from + 4 + len, 1);
    }
  }

  @Override
  void dictionary(byte[] a, int from, int to, int size) {
    throw unsupported(Encoding.PLAIN_DICTIONARY);
  }

  @Override
  long plain(int at, int count) {
    ArrowBuf data = vector.getDataBuffer();
    ArrowBits.checkRoom(data, ((long) at + count + 7) >>> 3);
    if (rle != null) {
      for (int done = 0; done < count; ) {
        int m = Math.min(count - done, STEP);
        rle.read(scratch, 0, m);
        for (int i = 0; i < m; i++) {
          if (scratch[i] != 0) {
            BitVectorHelper.setBit(data, at + done + i);
          }
        }
        done += m;
      }
      return count;
    }
    if (((bit + count + 7) >>> 3) > end) {
      throw new ParquetDecodingException(
          "page of column " + name() + " holds fewer values than its header says");
    }
    for (int i = 0; i < count; i++, bit++) {
      if (((page[(int) (bit >>> 3)] >>> (bit & 7)) & 1) != 0) {
        BitVectorHelper.setBit(data, at + i);
      }
    }
    return count;
  }

  @Override
  long gather(int[] ids, int n, int at) {
    throw unsupported(Encoding.RLE_DICTIONARY);
  }
}
