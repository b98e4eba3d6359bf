package io.sluice.connectors.fs;

import io.sluice.api.Row;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.util.List;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A row-oriented file format (CSV, JSON lines, text, binary files) plugged into the shared {@link
 * FormatDatasource}: the source lists files, plans splits, opens and decompresses streams, projects
 * columns and cuts batches; the format only turns bytes into {@link Row}s. Immutable and
 * serializable (it travels inside read tasks).
 *
 * <p>Call-order rules: {@link #schema} once on the driver, before planning; {@link #open} on worker
 * threads, once per split attempt.
 */
public interface RowFormat extends Serializable {

  /** Lower-case name for messages and task names, e.g. {@code csv}. */
  String name();

  /** Whether an uncompressed file may be split into line ranges. */
  boolean splittable();

  /**
   * Whether {@code .gz} / {@code .zst} files are decompressed before {@link #open} (binary files:
   * no).
   */
  default boolean decompress() {
    return true;
  }

  /**
   * The schema of the rows: the declared one, or one inferred from a sample of {@code files}
   * (opened through {@code opener}).
   */
  Schema schema(List<FileEntry> files, SplitOpener opener) throws IOException;

  /**
   * Reads one split. {@code in} holds exactly the split's lines, already decompressed; the reader
   * closes it.
   */
  RowReader open(InputStream in, FileSplit split, Schema schema) throws IOException;

  /** Opens a whole file's decompressed bytes, for sampling on the driver. */
  interface SplitOpener {
    InputStream open(FileEntry file) throws IOException;
  }

  /**
   * The rows of one split. Call-order rules: {@link #next()} until {@code null}, then {@link
   * #close()}. Errors name the file and the line.
   */
  interface RowReader extends AutoCloseable {

    Row next() throws IOException;

    /** Records skipped as malformed (option {@code malformed=skip}). */
    default long skipped() {
      return 0;
    }

    @Override
    void close() throws IOException;
  }
}
