package io.sluice.connectors.parquet.vector;

import org.apache.arrow.memory.ArrowBuf;
import org.apache.arrow.memory.util.MemoryUtil;
import org.apache.arrow.vector.BaseVariableWidthVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.parquet.column.ColumnDescriptor;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.column.page.PageReader;
import org.apache.parquet.io.ParquetDecodingException;

/**
 * BINARY values (strings, binaries) into a {@code VarChar}/{@code VarBinary} vector. A run is
 * decoded in two passes: the lengths first, so the data buffer grows once to the exact size, then
 * the bytes and offsets, written without per-value checks. Dictionary strings are copied from one
 * flat array of the dictionary's bytes.
 *
 * <p>The vector's {@code lastSet} is not maintained per value: {@link ColumnarRowGroup#finish} sets
 * it before the batch's value count, or Arrow would fill the "holes" with empty values.
 */
final class BinaryDecoder extends ColumnDecoder {

  private BaseVariableWidthVector varWidth;
  private byte[] page;
  private int pos;
  private int end;
  private byte[] dictBytes = new byte[0];
  private int[] dictOffsets = {0};
  private int dictSize;

  BinaryDecoder(ColumnDescriptor column, PageReader pages) {
    super(column, pages);
  }

  @Override
  void bind(FieldVector v) {
    super.bind(v);
    varWidth = (BaseVariableWidthVector) v;
  }

  @Override
  void ensureCapacity(int rows) {
    while (varWidth.getValueCapacity() < rows) {
      varWidth.reallocValidityAndOffsetBuffers(); // reAlloc() would double the data buffer too
    }
  }

  @Override
  void startPlain(Encoding encoding, byte[] a, int from, int to) {
    page = a;
    pos = from;
    end = to;
  }

  @Override
  void dictionary(byte[] a, int from, int to, int size) {
    int[] offsets = new int[size + 1];
    int p = from;
    for (int i = 0; i < size; i++) {
      int len = length(a, p, to);
      offsets[i + 1] = offsets[i] + len;
      p += 4 + len;
    }
    byte[] bytes = new byte[offsets[size]];
    p = from;
    for (int i = 0; i < size; i++) {
      int len = offsets[i + 1] - offsets[i];
      System.arraycopy(a, p + 4, bytes, offsets[i], len);
      p += 4 + len;
    }
    dictBytes = bytes;
    dictOffsets = offsets;
    dictSize = size;
  }

  @Override
  long plain(int at, int count) {
    long total = 0;
    int p = pos;
    for (int i = 0; i < count; i++) {
      int len = length(page, p, end);
      total += len;
      p += 4 + len;
    }
    int start = reserve(at, count, total);
    long data = varWidth.getDataBuffer().memoryAddress();
    long offsets = varWidth.getOffsetBuffer().memoryAddress() + 4L * (at + 1);
    int cur = start;
    p = pos;
    for (int i = 0; i < count; i++) {
      int len = PageBytes.intAt(page, p);
      MemoryUtil.copyToMemory(page, p + 4, data + cur, len);
      cur += len;
      MemoryUtil.putInt(offsets + 4L * i, cur);
      p += 4 + len;
    }
    pos = p;
    return total + 4L * count;
  }

  @Override
  long gather(int[] ids, int n, int at) {
    int[] offs = dictOffsets;
    int size = dictSize;
    long total = 0;
    for (int i = 0; i < n; i++) {
      int id = ids[i];
      checkId(id, size);
      total += offs[id + 1] - offs[id];
    }
    int start = reserve(at, n, total);
    long data = varWidth.getDataBuffer().memoryAddress();
    long offsets = varWidth.getOffsetBuffer().memoryAddress() + 4L * (at + 1);
    byte[] bytes = dictBytes;
    int cur = start;
    for (int i = 0; i < n; i++) {
      int id = ids[i];
      int from = offs[id];
      int len = offs[id + 1] - from;
      MemoryUtil.copyToMemory(bytes, from, data + cur, len);
      cur += len;
      MemoryUtil.putInt(offsets + 4L * i, cur);
    }
    return total + 4L * n;
  }

  @Override
  void nulls(int at, int count) {
    ArrowBuf offsets = varWidth.getOffsetBuffer();
    ArrowBits.checkRoom(offsets, 4L * (at + count + 1));
    int cur = offsets.getInt(4L * at);
    long addr = offsets.memoryAddress() + 4L * (at + 1);
    for (int i = 0; i < count; i++) {
      MemoryUtil.putInt(addr + 4L * i, cur);
    }
  }

  /**
   * Grows the data buffer for {@code total} more bytes after position {@code at}'s start offset,
   * checks the offsets have room for {@code count} more, and returns that start offset.
   */
  private int reserve(int at, int count, long total) {
    ArrowBuf offsets = varWidth.getOffsetBuffer();
    ArrowBits.checkRoom(offsets, 4L * (at + count + 1));
    int start = offsets.getInt(4L * at);
    long need = start + total;
    if (need > Integer.MAX_VALUE) {
      throw new ParquetDecodingException(
          "column " + name() + ": more than 2 GiB of values in one batch");
    }
    long capacity = varWidth.getDataBuffer().capacity();
    if (need > capacity) {
      varWidth.reallocDataBuffer(Math.max(need, 2 * capacity));
    }
    return start;
  }

  private int length(byte[] a, int p, int to) {
    if (p + 4 > to) {
      throw new ParquetDecodingException(
          "page of column " + name() + " holds fewer values than its header says");
    }
    int len = PageBytes.intAt(a, p);
    if (len < 0 || len > to - p - 4) {
      throw new ParquetDecodingException(
          "value length " + len + " overruns the page in column " + name());
    }
    return len;
  }
}
