package io.sluice.api.spi;

import java.io.IOException;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Writes the batches of one task attempt into attempt files.
 *
 * <p>Call-order rules: {@link #write} any number of times, then exactly one of {@link #commit()} or
 * {@link #abort()}. The batch passed to {@code write} still belongs to the caller. One thread at a
 * time.
 */
public interface TaskWriter {

  void write(VectorSchemaRoot batch) throws IOException;

  /** Closes the attempt's files and describes them for the job commit. */
  WriteTaskResult commit() throws IOException;

  /** Deletes the attempt's files; never throws. */
  void abort();
}
