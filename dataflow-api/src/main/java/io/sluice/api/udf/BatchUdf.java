package io.sluice.api.udf;

import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * A transform from one Arrow batch to another: the unit every map, filter and model runs as.
 *
 * <p>Call-order rules:
 * <ol>
 *   <li>An instance is created by its {@link UdfFactory}, then {@link #apply} is called any number
 *       of times, then {@link #close()} exactly once. Calls on one instance never overlap: each worker
 *       thread or actor owns its own instance.</li>
 *   <li>The input batch belongs to the caller and stays valid only during {@code apply}; the UDF must
 *       not keep references to it or its vectors afterwards.</li>
 *   <li>The returned batch belongs to the caller, who closes it. It must be allocated from
 *       {@code allocator} (so its bytes count against the job's memory budget). Returning the input
 *       instance itself is allowed and means "unchanged".</li>
 * </ol>
 */
@FunctionalInterface
public interface BatchUdf extends AutoCloseable {

  VectorSchemaRoot apply(VectorSchemaRoot input, BufferAllocator allocator) throws Exception;

  /** Releases what the instance holds (a model session, a tokenizer). Default: nothing. */
  @Override
  default void close() throws Exception {}
}
