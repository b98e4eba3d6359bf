package io.sluice.connectors.fs;

import io.sluice.api.SluiceException;
import io.sluice.api.arrow.Batches;
import io.sluice.api.spi.TaskWriter;
import io.sluice.api.spi.WriteTaskResult;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.hadoop.fs.Path;

/**
 * One task attempt's output files, whatever the format: checks each batch against the job's schema,
 * writes it row by row into the attempt's current file ({@link CommitProtocol#taskFile}), and rolls
 * to a new file once the current one reaches the target size. Files open lazily: an attempt without
 * rows leaves no file. A subclass encodes rows into one file at a time.
 *
 * <p>Call-order rules (one thread): {@link #write} any number of times, then one of {@link #commit}
 * or {@link #abort}. The hooks are called only between {@link #openFile} and {@link #closeFile} of
 * the file they concern.
 */
public abstract class RollingTaskWriter implements TaskWriter {

  private final CommitProtocol protocol;
  private final Schema schema;
  private final int taskIndex;
  private final int attempt;
  private final String extension;
  private final long targetFileBytes;
  private final List<Path> files = new ArrayList<>();
  private boolean open;
  private long fileRows;
  private long rows;
  private long bytes;
  private boolean finished;

  protected RollingTaskWriter(
      CommitProtocol protocol,
      Schema schema,
      int taskIndex,
      int attempt,
      String extension,
      long targetFileBytes) {
    this.protocol = protocol;
    this.schema = schema;
    this.taskIndex = taskIndex;
    this.attempt = attempt;
    this.extension = extension;
    this.targetFileBytes = targetFileBytes;
  }

  /** Creates the file at {@code path} and readies it for rows. */
  protected abstract void openFile(Path path) throws IOException;

  /**
   * Writes row {@code row} of {@code batch} to the open file; {@code newBatch} on the first row of
   * {@code batch} in this file (the first row of a call to {@link #write}, or the first after a
   * roll).
   */
  protected abstract void writeRow(VectorSchemaRoot batch, int row, boolean newBatch)
      throws IOException;

  /** Bytes the open file holds so far, as far as it is known before close. */
  protected abstract long fileBytes();

  /** Closes the open file and returns its stored size in bytes. */
  protected abstract long closeFile(Path path) throws IOException;

  /** How many rows of a file pass between two {@link #fileBytes} checks (default: every row). */
  protected int sizeCheckRows() {
    return 1;
  }

  protected final CommitProtocol protocol() {
    return protocol;
  }

  protected final Schema schema() {
    return schema;
  }

  protected final long targetFileBytes() {
    return targetFileBytes;
  }

  @Override
  public final void write(VectorSchemaRoot batch) throws IOException {
    if (finished) {
      throw new IllegalStateException("task writer already committed or aborted");
    }
    if (!Batches.sameFields(batch.getSchema(), schema)) {
      throw new SluiceException(
          "task "
              + taskIndex
              + ": batch schema "
              + batch.getSchema()
              + " differs from the job's schema "
              + schema);
    }
    int n = batch.getRowCount();
    for (int row = 0; row < n; row++) {
      if (!open) {
        open();
      }
      try {
        writeRow(batch, row, fileRows == 0 || row == 0);
      } catch (IOException | RuntimeException e) {
        throw new IOException(
            "writing "
                + current()
                + " failed at row "
                + row
                + " of a batch (task "
                + taskIndex
                + "): "
                + e.getMessage()
                + diskFull(e),
            e);
      }
      rows++;
      fileRows++;
      if (fileRows % sizeCheckRows() == 0 && fileBytes() >= targetFileBytes) {
        close();
      }
    }
    if (open && fileBytes() >= targetFileBytes) {
      close();
    }
  }

  @Override
  public WriteTaskResult commit() throws IOException {
    return commit(false);
  }

  /** Commits; with {@code ensureFile} an attempt without rows still writes one (empty) file. */
  public WriteTaskResult commit(boolean ensureFile) throws IOException {
    if (ensureFile && files.isEmpty()) {
      open();
    }
    close();
    finished = true;
    return new WriteTaskResult(
        taskIndex, attempt, files.stream().map(Path::toString).toList(), rows, bytes);
  }

  @Override
  public void abort() {
    finished = true;
    if (open) {
      open = false;
      try {
        closeFile(current());
      } catch (IOException | RuntimeException e) {
        // deleted below anyway
      }
    }
    files.forEach(protocol::deleteQuietly);
  }

  private void open() throws IOException {
    Path path =
        protocol
            .fileSystem()
            .makeQualified(protocol.taskFile(taskIndex, attempt, files.size(), extension));
    files.add(path); // before it exists: abort deletes whatever opening left
    openFile(path);
    open = true;
    fileRows = 0;
  }

  private void close() throws IOException {
    if (open) {
      open = false;
      try {
        bytes += closeFile(current());
      } catch (IOException e) {
        // the full path: an object store's own message names only the key (S3A's failed
        // multipart upload: "upload part #1 upload ID ... on dir/part-...")
        throw new IOException(
            "closing "
                + current()
                + " failed (task "
                + taskIndex
                + "): "
                + e.getMessage()
                + diskFull(e),
            e);
      }
    }
  }

  /**
   * When {@code e} is the JDK's ENOSPC, what the user needs to know: the directory and the bytes
   * this attempt needed (more than it got written); else empty.
   */
  private String diskFull(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t.getMessage() != null && t.getMessage().contains("No space left on device")) {
        long written = bytes;
        try {
          written += open ? fileBytes() : 0;
        } catch (RuntimeException ignored) {
          // the file's writer is broken already; count the closed files only
        }
        return "; the file system holding "
            + current().getParent()
            + " is full: task "
            + taskIndex
            + " attempt "
            + attempt
            + " needs more than the "
            + written
            + " B it wrote there. Free space there or write elsewhere";
      }
    }
    return "";
  }

  private Path current() {
    return files.get(files.size() - 1);
  }
}
