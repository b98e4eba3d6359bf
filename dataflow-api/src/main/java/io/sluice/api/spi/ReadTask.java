package io.sluice.api.spi;

import java.io.IOException;
import java.io.Serializable;
import java.util.OptionalLong;
import org.apache.arrow.memory.BufferAllocator;

/**
 * One unit of read work. Immutable and serializable, so it can run on any worker (or be shipped to
 * a cluster). A task may be run again after a failure; every run produces the same rows.
 */
public interface ReadTask extends Serializable {

  /** Where the rows come from, for error messages: file and row-group range, item range. */
  String describe();

  /** Rows this task will produce, when known from metadata. */
  default OptionalLong estimatedRows() {
    return OptionalLong.empty();
  }

  /** In-memory (Arrow) bytes this task will produce, when it can be estimated. */
  default OptionalLong estimatedBytes() {
    return OptionalLong.empty();
  }

  /**
   * Opens a reader. Batches are allocated from {@code allocator}; the reader aims for batches near
   * {@code targetBatchBytes} so that a large input never becomes one huge batch.
   */
  BatchReader open(BufferAllocator allocator, long targetBatchBytes) throws IOException;
}
