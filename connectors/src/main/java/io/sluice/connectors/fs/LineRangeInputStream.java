package io.sluice.connectors.fs;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.apache.hadoop.fs.FSDataInputStream;

/**
 * The bytes of exactly the lines a {@link FileSplit} owns: from the first line starting at or after
 * {@code start} through the end of the last line starting before {@code end} (that line may run
 * past {@code end}). As Hadoop's {@code LineRecordReader}: every line of a file is read by exactly
 * one split. Lines end at {@code \n} ({@code \r\n} included).
 */
public final class LineRangeInputStream extends InputStream {

  private final InputStream in;
  private final long end;
  private long pos; // position of the next byte in the file
  private boolean done;
  private boolean atLineStart = true;

  private LineRangeInputStream(InputStream in, long pos, long end) {
    this.in = in;
    this.pos = pos;
    this.end = end;
  }

  /** Positions {@code in} at the split's first line (reading at most one partial line). */
  public static LineRangeInputStream open(FSDataInputStream in, FileSplit split)
      throws IOException {
    long pos = 0;
    if (split.start() > 0) {
      in.seek(split.start() - 1);
      pos = split.start() - 1;
      int b;
      while ((b = in.read()) >= 0) { // skip the rest of the line owned by the previous split
        pos++;
        if (b == '\n') {
          break;
        }
      }
      if (b < 0) {
        pos = Long.MAX_VALUE;
      }
    }
    return new LineRangeInputStream(new BufferedInputStream(in, 1 << 16), pos, split.end());
  }

  @Override
  public int read() throws IOException {
    if (done || pos >= end && atLineStart) {
      done = true;
      return -1;
    }
    int b = in.read();
    if (b < 0) {
      done = true;
      return -1;
    }
    pos++;
    atLineStart = b == '\n';
    return b;
  }

  @Override
  public int read(byte[] buf, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    if (done || pos >= end && atLineStart) {
      done = true;
      return -1;
    }
    if (pos < end) { // bulk read up to the end boundary, then byte by byte to the line's end
      int n = in.read(buf, off, (int) Math.min(len, end - pos));
      if (n < 0) {
        done = true;
        return -1;
      }
      pos += n;
      atLineStart = buf[off + n - 1] == '\n';
      return n;
    }
    int i = 0;
    while (i < len) {
      int b = read();
      if (b < 0) {
        break;
      }
      buf[off + i++] = (byte) b;
      if (b == '\n') {
        break;
      }
    }
    return i == 0 ? -1 : i;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
