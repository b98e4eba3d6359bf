package io.sluice.api.spi;

import io.sluice.api.ExecutionOptions;
import io.sluice.api.plan.LogicalNode;
import org.apache.arrow.memory.BufferAllocator;

/**
 * Runs logical plans: the embedded streaming executor, or a cluster engine. Plans arrive already
 * optimized.
 *
 * <p>Call-order rules: any number of jobs, one after another or concurrently, then {@link #close()}
 * once, after every stream is closed. Batches a job hands out are allocated under
 * {@link #allocator()}, which lives until the backend closes.
 */
public interface ExecutionBackend extends AutoCloseable {

  ExecutionOptions options();

  /** Runs the plan, streaming its output. */
  BatchStream stream(LogicalNode plan);

  /** Runs the plan into a sink and commits it atomically; on failure aborts and rethrows. */
  WriteResult write(LogicalNode plan, Datasink sink);

  /** Statistics of the most recent job that ended (succeeded, failed or was cancelled). */
  default java.util.Optional<io.sluice.api.JobStats> lastJobStats() {
    return java.util.Optional.empty();
  }

  /** Root of everything this backend allocates; closing the backend fails if anything leaked. */
  BufferAllocator allocator();

  @Override
  void close();
}
