package io.sluice.connectors.fs;

import java.io.Serializable;

/**
 * A byte range of one file, the unit of read parallelism of line-based formats. A split owns the
 * lines that start inside {@code [start, start + length)}; the first split of a file starts at 0.
 *
 * @param path fully qualified path
 * @param fileLength the file's length
 * @param start first byte
 * @param length bytes in the range
 */
public record FileSplit(String path, long fileLength, long start, long length)
    implements Serializable {

  public long end() {
    return start + length;
  }

  public boolean wholeFile() {
    return start == 0 && length >= fileLength;
  }

  /** For messages: the path, plus the byte range when this is not the whole file. */
  public String describe() {
    return wholeFile() ? path : path + " bytes [" + start + ", " + end() + ")";
  }
}
