package io.sluice.connectors.parquet.io;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.LongConsumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.io.DelegatingSeekableInputStream;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.SeekableInputStream;

/**
 * A Parquet {@link InputFile} over Hadoop's FileSystem that reports every byte read from storage,
 * so tests and metrics can see what projection and limit pushdown saved.
 */
public final class CountingInputFile implements InputFile {

  private final FileSystem fs;
  private final Path path;
  private final long length;
  private final LongConsumer onRead;

  /**
   * @param length the file length when already known (from listing), or -1 to ask storage
   * @param onRead receives the byte count of each read
   */
  public CountingInputFile(Path path, Configuration conf, long length, LongConsumer onRead) throws IOException {
    this.fs = path.getFileSystem(conf);
    this.path = path;
    this.length = length >= 0 ? length : fs.getFileStatus(path).getLen();
    this.onRead = onRead;
  }

  @Override
  public long getLength() {
    return length;
  }

  @Override
  public SeekableInputStream newStream() throws IOException {
    FSDataInputStream in = fs.open(path);
    return new DelegatingSeekableInputStream(new Counting(in, onRead)) {
      @Override
      public long getPos() throws IOException {
        return in.getPos();
      }

      @Override
      public void seek(long newPos) throws IOException {
        in.seek(newPos);
      }
    };
  }

  @Override
  public String toString() {
    return path.toString();
  }

  private static final class Counting extends FilterInputStream {
    private final LongConsumer onRead;

    Counting(InputStream in, LongConsumer onRead) {
      super(in);
      this.onRead = onRead;
    }

    @Override
    public int read() throws IOException {
      int b = in.read();
      if (b >= 0) {
        onRead.accept(1);
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = in.read(b, off, len);
      if (n > 0) {
        onRead.accept(n);
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      return in.skip(n);
    }
  }
}
