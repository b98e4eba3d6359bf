package io.sluice.connectors.parquet.vector;

import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.util.MemoryUtil;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.page.PageReader;
import org.apache.parquet.io.ParquetDecodingException;

/**
 * Fixed-width values (INT32, INT64, FLOAT, DOUBLE, FIXED_LEN_BYTE_ARRAY) into a fixed-width Arrow
 * vector. Parquet PLAIN and Arrow share the little-endian layout, so a run of PLAIN values is one
 * bulk copy. An INT32 read as an 8- or 16-bit Arrow int keeps the low bytes of each value, which
 * little-endian puts first. Dictionary values are narrowed once when the dictionary loads, then
 * gathered straight into the data buffer.
 */
final class FixedWidthDecoder extends ColumnDecoder {

  private final int sourceWidth;
  private final int width;
  private byte[] page;
  private int pos;
  private int end;
  private byte[] dict = new byte[0];
  private int dictSize;

  /**
   * @param sourceWidth bytes per value in the Parquet page
   * @param width bytes per value in the Arrow vector ({@code <= sourceWidth})
   */
  FixedWidthDecoder(ColumnDescriptor column, PageReader pages, int sourceWidth, int width) {
    super(column, pages);
    if (width > sourceWidth) {
      throw new IllegalArgumentException("cannot widen " + sourceWidth + " to " + width + " bytes");
    }
    this.sourceWidth = sourceWidth;
    this.width = width;
  }

  @Override
  void startPlain(Encoding encoding, byte[] a, int from, int to) {
    page = a;
    pos = from;
    end = to;
  }

  @Override
  void dictionary(byte[] a, int from, int to, int size) {
    if ((long) size * sourceWidth > to - from) {
      throw new ParquetDecodingException(
          "dictionary of column " + name() + " holds fewer than " + size + " values");
    }
    dict = new byte[size * width];
    for (int i = 0; i < size; i++) {
      System.arraycopy(a, from + i * sourceWidth, dict, i * width, width);
    }
    dictSize = size;
  }

  @Override
  long plain(int at, int count) {
    long bytes = (long) count * sourceWidth;
    if (pos + bytes > end) {
      throw new ParquetDecodingException(
          "page of column " + name() + " holds fewer values than its header says");
    }
    ArrowBuf data = vector.getDataBuffer();
    long to = (long) at * width;
    if (sourceWidth == width) {
      data.setBytes(to, page, pos, bytes);
    } else {
      ArrowBits.checkRoom(data, to + (long) count * width);
      long addr = data.memoryAddress() + to;
      for (int i = 0; i < count; i++) {
        MemoryUtil.copyToMemory(page, pos + (long) i * sourceWidth, addr + (long) i * width, width);
      }
    }
    pos += (int) bytes;
    return (long) count * width;
  }

  @Override
  long gather(int[] ids, int n, int at) {
    ArrowBuf data = vector.getDataBuffer();
    ArrowBits.checkRoom(data, (long) (at + n) * width);
    long addr = data.memoryAddress() + (long) at * width;
    byte[] d = dict;
    int size = dictSize;
    switch (width) {
      case 8 -> {
        for (int i = 0; i < n; i++) {
          int id = ids[i];
          checkId(id, size);
          MemoryUtil.putLong(addr + 8L * i, (long) PageBytes.LONG.get(d, id << 3));
        }
      }
      case 4 -> {
        for (int i = 0; i < n; i++) {
          int id = ids[i];
          checkId(id, size);
          MemoryUtil.putInt(addr + 4L * i, (int) PageBytes.INT.get(d, id << 2));
        }
      }
      default -> {
        for (int i = 0; i < n; i++) {
          int id = ids[i];
          checkId(id, size);
          MemoryUtil.copyToMemory(d, (long) id * width, addr + (long) i * width, width);
        }
      }
    }
    return (long) n * width;
  }
}
