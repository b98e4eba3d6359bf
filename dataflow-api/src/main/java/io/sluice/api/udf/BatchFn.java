package io.sluice.api.udf;

import java.io.Serializable;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * A stateless batch function, typically a lambda. The same instance may run on several threads at
 * once, so it must not hold mutable state; use a {@link UdfFactory} for anything stateful.
 * Ownership rules are those of {@link BatchUdf#apply}.
 */
@FunctionalInterface
public interface BatchFn extends Serializable {

  VectorSchemaRoot apply(VectorSchemaRoot input, BufferAllocator allocator) throws Exception;
}
