package io.sluice.api.udf;

import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * A transform from one Arrow batch to another: the unit every map, filter and model runs as.
 *
 * <p>Call-order rules:
 *
 * <ol>
 *   <li>An instance is created by its {@link UdfFactory}, then {@link #apply} is called any number
 *       of times, then {@link #close()} exactly once. Calls on one instance never overlap: each
 *       worker thread or actor owns its own instance.
 *   <li>The input batch belongs to the caller and stays valid only during {@code apply}; the UDF
 *       must not keep references to it or its vectors afterwards.
 *   <li>The returned batch belongs to the caller, who closes it. It must be allocated from {@code
 *       allocator} (so its bytes count against the job's memory budget). Returning the input
 *       instance itself is allowed and means "unchanged".
 *   <li>{@link #counters()} is called between {@code apply} calls on the same thread, never
 *       concurrently.
 * </ol>
 */
@FunctionalInterface
public interface BatchUdf extends AutoCloseable {

  VectorSchemaRoot apply(VectorSchemaRoot input, BufferAllocator allocator) throws Exception;

  /**
   * Counters this instance has accumulated since it was built (requests sent, retries, tokens), by
   * name. They must only grow, so the executor can sum instances: it reads them on the instance's
   * own thread after each {@link #apply} and shows their sum per operator in the job's stats
   * ({@link io.sluice.api.JobStats#udfCounters}). Default: none.
   */
  default Map<String, Long> counters() {
    return Map.of();
  }

  /** Releases what the instance holds (a model session, a tokenizer). Default: nothing. */
  @Override
  default void close() throws Exception {}
}
