package io.sluice.connectors.fs;

import io.sluice.api.Row;
import io.sluice.api.SluiceException;
import io.sluice.api.arrow.Batches;
import io.sluice.api.row.RowConverter;
import io.sluice.api.spi.TaskWriter;
import io.sluice.api.spi.WriteTaskResult;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.hadoop.fs.Path;

/**
 * Writes one task attempt's rows through a {@link RowEncoder}, rolling to a new file past the target
 * size. Files open lazily: an attempt without rows leaves no file.
 */
final class FormatTaskWriter implements TaskWriter {

  private final CommitProtocol protocol;
  private final RowEncoder encoder;
  private final Compression compression;
  private final String extension;
  private final Schema schema;
  private final int taskIndex;
  private final int attempt;
  private final long targetFileBytes;
  private final List<Path> files = new ArrayList<>();
  private RowEncoder.RowWriter writer;
  private Counting counter;
  private long rows;
  private long bytes;
  private boolean finished;

  FormatTaskWriter(CommitProtocol protocol, RowEncoder encoder, Compression compression, String extension, Schema schema,
      int taskIndex, int attempt, long targetFileBytes) {
    this.protocol = protocol;
    this.encoder = encoder;
    this.compression = compression;
    this.extension = extension;
    this.schema = schema;
    this.taskIndex = taskIndex;
    this.attempt = attempt;
    this.targetFileBytes = targetFileBytes;
  }

  @Override
  public void write(VectorSchemaRoot batch) throws IOException {
    if (finished) {
      throw new IllegalStateException("task writer already committed or aborted");
    }
    if (!Batches.sameFields(batch.getSchema(), schema)) {
      throw new SluiceException("task " + taskIndex + ": batch schema " + batch.getSchema()
          + " differs from the job's schema " + schema);
    }
    RowConverter.Reader reader = RowConverter.reader(batch);
    for (int i = 0; i < batch.getRowCount(); i++) {
      if (writer == null) {
        openFile();
      }
      Row row = reader.row(i);
      try {
        writer.write(row);
      } catch (IOException | RuntimeException e) {
        throw new IOException("writing " + files.get(files.size() - 1) + " failed at row " + i + " of a batch (task "
            + taskIndex + "): " + e.getMessage(), e);
      }
      rows++;
      if (counter.count >= targetFileBytes) {
        closeFile();
      }
    }
  }

  @Override
  public WriteTaskResult commit() throws IOException {
    closeFile();
    finished = true;
    return new WriteTaskResult(taskIndex, attempt, files.stream().map(Path::toString).toList(), rows, bytes);
  }

  @Override
  public void abort() {
    finished = true;
    if (writer != null) {
      try {
        writer.close();
      } catch (IOException | RuntimeException e) {
        // deleted below anyway
      }
      writer = null;
    }
    files.forEach(protocol::deleteQuietly);
  }

  private void openFile() throws IOException {
    Path path = protocol.fileSystem().makeQualified(protocol.taskFile(taskIndex, attempt, files.size(), extension));
    OutputStream raw = protocol.fileSystem().create(path, true);
    files.add(path);
    counter = new Counting(raw);
    writer = encoder.open(compression.compress(counter), schema);
  }

  private void closeFile() throws IOException {
    if (writer != null) {
      RowEncoder.RowWriter w = writer;
      writer = null;
      w.close();
      bytes += counter.count;
    }
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
