package io.sluice.flink.stage;

import io.sluice.api.udf.BatchUdf;
import io.sluice.flink.block.ArrowBlock;
import java.util.function.Consumer;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

/** One UDF call of a Flink stage: apply, emit a non-empty result as an Arrow IPC block, count. */
final class UdfCall {

  private UdfCall() {}

  /**
   * Applies {@code udf} to {@code batch} (which stays the caller's) and hands a non-empty result to
   * {@code emit}; a result other than {@code batch} itself is closed here.
   */
  static void apply(BatchUdf udf, VectorSchemaRoot batch, BufferAllocator allocator, Consumer<ArrowBlock> emit,
      OperatorCounters counters) throws Exception {
    long start = System.nanoTime();
    VectorSchemaRoot result = udf.apply(batch, allocator);
    try {
      long bytes = 0;
      if (result.getRowCount() > 0) {
        ArrowBlock encoded = ArrowBlock.encode(result);
        bytes = encoded.ipc().length;
        emit.accept(encoded);
      }
      counters.call(start, batch.getRowCount(), result.getRowCount(), bytes);
    } finally {
      if (result != batch) {
        result.close();
      }
    }
  }
}
