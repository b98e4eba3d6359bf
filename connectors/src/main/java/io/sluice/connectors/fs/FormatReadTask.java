package io.sluice.connectors.fs;

import io.sluice.api.arrow.SerializableSchema;
import io.sluice.api.spi.BatchReader;
import io.sluice.api.spi.ReadTask;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.OptionalLong;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.util.functional.FutureIO;

/** Reads one {@link FileSplit} of a {@link RowFormat}. Immutable and serializable. */
final class FormatReadTask implements ReadTask {

  private static final long serialVersionUID = 1L;

  private final FileSplit split;
  private final RowFormat format;
  private final SerializableSchema fullSchema;
  private final SerializableSchema schema;
  private final FsConfig config;
  private final int maxBatchRows;
  private final long limit;

  FormatReadTask(
      FileSplit split,
      RowFormat format,
      Schema fullSchema,
      Schema schema,
      FsConfig config,
      int maxBatchRows,
      long limit) {
    this.split = split;
    this.format = format;
    this.fullSchema = SerializableSchema.of(fullSchema);
    this.schema = SerializableSchema.of(schema);
    this.config = config;
    this.maxBatchRows = maxBatchRows;
    this.limit = limit;
  }

  @Override
  public String describe() {
    return format.name()
        + " "
        + split.describe()
        + (limit < 0 ? "" : " (first " + limit + " rows)");
  }

  @Override
  public OptionalLong estimatedBytes() {
    return OptionalLong.of(split.length());
  }

  @Override
  public BatchReader open(BufferAllocator allocator, long targetBatchBytes) throws IOException {
    InputStream in = openSplit();
    RowFormat.RowReader rows;
    try {
      rows = format.open(in, split, fullSchema.get());
    } catch (IOException | RuntimeException e) {
      in.close();
      throw e;
    }
    return new FormatBatchReader(
        rows,
        split,
        schema.get(),
        allocator,
        targetBatchBytes,
        maxBatchRows,
        limit < 0 ? Long.MAX_VALUE : limit);
  }

  /** The split's bytes, decompressed: whole files sequentially, line ranges from their start. */
  private InputStream openSplit() throws IOException {
    Path path = new Path(split.path());
    FileSystem fs = FileSystems.get(path, config);
    FSDataInputStream raw;
    try {
      raw =
          FutureIO.awaitFuture(
              fs.openFile(path)
                  .opt("fs.option.openfile.read.policy", "sequential")
                  .optLong("fs.option.openfile.length", split.fileLength())
                  .build());
    } catch (IOException e) {
      throw new IOException("cannot open " + split.describe() + ": " + e.getMessage(), e);
    }
    try {
      Compression c = format.decompress() ? Compression.forPath(split.path()) : Compression.NONE;
      if (c != Compression.NONE || split.start() == 0 && split.wholeFile()) {
        return c.decompress(new BufferedInputStream(raw, 1 << 16));
      }
      return LineRangeInputStream.open(raw, split);
    } catch (IOException | RuntimeException e) {
      raw.close();
      throw new IOException("cannot read " + split.describe() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return "FormatReadTask[" + describe() + "]";
  }
}
