package io.sluice.api.spi;

import java.io.IOException;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Reads the batches of one {@link ReadTask}.
 *
 * <p>Call-order rules: {@link #next()} until it returns {@code null}, then {@link #close()} ({@code
 * close} may also come early, to stop). Each returned batch belongs to the caller, who closes it.
 * Not thread-safe: one thread at a time.
 */
public interface BatchReader extends AutoCloseable {

  /** The next batch, or {@code null} at the end. Errors name the file and the row range. */
  VectorSchemaRoot next() throws IOException;

  @Override
  void close() throws IOException;

  /** An empty reader. */
  static BatchReader empty() {
    return new BatchReader() {
      @Override
      public VectorSchemaRoot next() {
        return null;
      }

      @Override
      public void close() {}
    };
  }
}
