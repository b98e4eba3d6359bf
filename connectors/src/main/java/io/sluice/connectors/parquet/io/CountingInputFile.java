package io.sluice.connectors.parquet.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.function.LongConsumer;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.util.functional.FutureIO;
import org.apache.parquet.bytes.ByteBufferAllocator;
import org.apache.parquet.hadoop.util.HadoopStreams;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.ParquetFileRange;
import org.apache.parquet.io.SeekableInputStream;

/**
 * A Parquet {@link InputFile} over Hadoop's FileSystem that reports every byte read from storage,
 * so tests and metrics can see what projection and limit pushdown saved.
 *
 * <p>Files are opened with the columnar read policy ({@code parquet, columnar, vector, random}: the
 * first one the store knows wins), so S3A issues ranged GETs for the footer and the selected column
 * chunks instead of streaming the whole object, and with the known length, so no HEAD is needed.
 * Streams keep Hadoop's vectored reads (parquet-mr fetches a row group's chunks as one vectored
 * read, which S3A turns into parallel, merged ranged GETs).
 */
public final class CountingInputFile implements InputFile {

  /** Hadoop's standard openFile() read-policy option; unknown policies in the list are skipped. */
  static final String READ_POLICY = "fs.option.openfile.read.policy";

  static final String COLUMNAR_POLICY = "parquet, columnar, vector, random, adaptive";

  private final FileSystem fs;
  private final Path path;
  private final long length;
  private final LongConsumer onRead;

  /**
   * @param length the file length when already known (from listing), or -1 to ask storage
   * @param onRead receives the byte count of each read
   */
  public CountingInputFile(FileSystem fs, Path path, long length, LongConsumer onRead)
      throws IOException {
    this.fs = fs;
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
    FSDataInputStream in =
        FutureIO.awaitFuture(
            fs.openFile(path)
                .opt(READ_POLICY, COLUMNAR_POLICY)
                .optLong("fs.option.openfile.length", length)
                .build());
    return new Counting(HadoopStreams.wrap(in), onRead);
  }

  @Override
  public String toString() {
    return path.toString();
  }

  /** Forwards everything to Hadoop's stream, vectored reads included, counting bytes. */
  private static final class Counting extends SeekableInputStream {
    private final SeekableInputStream in;
    private final LongConsumer onRead;

    Counting(SeekableInputStream in, LongConsumer onRead) {
      this.in = in;
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
    public long getPos() throws IOException {
      return in.getPos();
    }

    @Override
    public void seek(long newPos) throws IOException {
      in.seek(newPos);
    }

    @Override
    public void readFully(byte[] bytes) throws IOException {
      in.readFully(bytes);
      onRead.accept(bytes.length);
    }

    @Override
    public void readFully(byte[] bytes, int start, int len) throws IOException {
      in.readFully(bytes, start, len);
      onRead.accept(len);
    }

    @Override
    public int read(ByteBuffer buf) throws IOException {
      int n = in.read(buf);
      if (n > 0) {
        onRead.accept(n);
      }
      return n;
    }

    @Override
    public void readFully(ByteBuffer buf) throws IOException {
      int n = buf.remaining();
      in.readFully(buf);
      onRead.accept(n);
    }

    @Override
    public boolean readVectoredAvailable(ByteBufferAllocator allocator) {
      return in.readVectoredAvailable(allocator);
    }

    @Override
    public void readVectored(List<ParquetFileRange> ranges, ByteBufferAllocator allocator)
        throws IOException {
      in.readVectored(ranges, allocator);
      for (ParquetFileRange r : ranges) {
        onRead.accept(r.getLength());
      }
    }

    @Override
    public void close() throws IOException {
      in.close();
    }
  }
}
