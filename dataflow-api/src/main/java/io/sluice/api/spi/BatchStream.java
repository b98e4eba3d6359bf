package io.sluice.api.spi;

import io.sluice.api.JobStats;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * The output of a running job, batch by batch, as it is produced.
 *
 * <p>Call-order rules: {@link #next()} until it returns {@code null}, then {@link #close()}.
 * Closing early cancels the job and releases everything it holds. Each batch returned belongs to
 * the caller, who closes it. A job failure surfaces from {@code next()} as a {@link
 * io.sluice.api.SluiceException}. One consumer thread.
 */
public interface BatchStream extends AutoCloseable {

  VectorSchemaRoot next();

  /** Statistics of the job so far; complete once {@link #next()} has returned {@code null}. */
  JobStats stats();

  @Override
  void close();
}
