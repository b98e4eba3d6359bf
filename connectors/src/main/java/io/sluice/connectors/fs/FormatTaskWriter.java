package io.sluice.connectors.fs;

import io.sluice.api.row.RowConverter;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.hadoop.fs.Path;

/**
 * Writes one task attempt's rows through a {@link RowEncoder} into {@link RollingTaskWriter}'s
 * files; a file's size is its stored (compressed) bytes so far.
 */
final class FormatTaskWriter extends RollingTaskWriter {

  private final RowEncoder encoder;
  private final Compression compression;
  private RowEncoder.RowWriter writer;
  private Counting counter;
  private RowConverter.Reader reader;

  FormatTaskWriter(
      CommitProtocol protocol,
      RowEncoder encoder,
      Compression compression,
      String extension,
      Schema schema,
      int taskIndex,
      int attempt,
      long targetFileBytes) {
    super(protocol, schema, taskIndex, attempt, extension, targetFileBytes);
    this.encoder = encoder;
    this.compression = compression;
  }

  @Override
  protected void openFile(Path path) throws IOException {
    OutputStream raw = protocol().fileSystem().create(path, true);
    counter = new Counting(raw);
    writer = encoder.open(compression.compress(counter), schema());
  }

  @Override
  protected void writeRow(VectorSchemaRoot batch, int row, boolean newBatch) throws IOException {
    if (newBatch) {
      reader = RowConverter.reader(batch);
    }
    writer.write(reader.row(row));
  }

  @Override
  protected long fileBytes() {
    return counter.count;
  }

  @Override
  protected long closeFile(Path path) throws IOException {
    RowEncoder.RowWriter w = writer;
    writer = null;
    w.close();
    return counter.count;
  }

  /** Counts stored (compressed) bytes. */
  private static final class Counting extends FilterOutputStream {
    long count;

    Counting(OutputStream out) {
      super(out);
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      count += len;
    }
  }
}
