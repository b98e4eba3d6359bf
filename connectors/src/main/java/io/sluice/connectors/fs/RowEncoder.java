package io.sluice.connectors.fs;

import io.sluice.api.Row;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Serializable;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Writes rows of a row-oriented format (CSV, JSON lines, text) for the shared {@link
 * FormatDatasink}. Immutable and serializable.
 */
public interface RowEncoder extends Serializable {

  /** Lower-case name, e.g. {@code csv}; also the file extension before any compression suffix. */
  String name();

  /** Fails (naming the column) when the format cannot hold {@code schema}. */
  void check(Schema schema);

  /** Starts a file. */
  RowWriter open(OutputStream out, Schema schema) throws IOException;

  /**
   * Call-order rules: {@link #write} any number of times, then {@link #close()} (closes the
   * stream).
   */
  interface RowWriter extends AutoCloseable {

    void write(Row row) throws IOException;

    @Override
    void close() throws IOException;
  }
}
