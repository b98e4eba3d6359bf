package io.sluice.api.spi;

import io.sluice.api.JobStats;
import io.sluice.api.source.BlocksSource;
import java.util.Optional;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * The output of a running job, batch by batch, as it is produced.
 *
 * <p>Call-order rules: {@link #next()} until it returns {@code null}, then {@link #close()}.
 * Closing early cancels the job and releases everything it holds. Each batch returned belongs to the
 * caller, who closes it. A job failure surfaces from {@code next()} as a
 * {@link io.sluice.api.SluiceException}. One consumer thread.
 */
public interface BatchStream extends AutoCloseable {

  VectorSchemaRoot next();

  /** Statistics of the job so far; complete once {@link #next()} has returned {@code null}. */
  JobStats stats();

  /**
   * A new spiller for blocks taken from this stream that the caller must keep beyond the memory
   * budget ({@code materialize()}), writing under the job options' spill directory; empty where the
   * backend cannot spill. What it writes until the stream is closed counts in the job's statistics
   * (spilled bytes, under {@code label}). It outlives the stream: the caller closes it.
   */
  default Optional<BlocksSource.Spiller> newSpiller(String label) {
    return Optional.empty();
  }

  @Override
  void close();
}
