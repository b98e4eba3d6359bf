package io.sluice.flink.stage;

import io.sluice.api.udf.BatchUdf;
import io.sluice.flink.block.ArrowBlock;
import io.sluice.operators.fault.Isolation;
import java.util.function.Consumer;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * One UDF call of a Flink stage: apply, emit a non-empty result as an Arrow IPC block, count. When
 * the call fails and the job skips errors, the batch's failing rows are isolated ({@link
 * StageErrors}) and the good rows' outputs are emitted instead.
 */
final class UdfCall {

  private UdfCall() {}

  /**
   * Applies {@code udf} to {@code batch} (which stays the caller's) and hands a non-empty result to
   * {@code emit}; a result other than {@code batch} itself is closed here.
   */
  static void apply(
      BatchUdf udf,
      VectorSchemaRoot batch,
      BufferAllocator allocator,
      Consumer<ArrowBlock> emit,
      OperatorCounters counters,
      StageErrors errors)
      throws Exception {
    long start = System.nanoTime();
    errors.called();
    VectorSchemaRoot result;
    try {
      result = udf.apply(batch, allocator);
    } catch (Exception e) {
      if (!errors.canSkip(e)) {
        throw e;
      }
      Isolation.Outcome o = errors.isolate(udf, batch, allocator);
      long rows = 0;
      long bytes = 0;
      try {
        for (VectorSchemaRoot out : o.outputs()) {
          rows += out.getRowCount();
          bytes += emitted(out, emit);
        }
      } finally {
        o.outputs()
            .forEach(
                out -> {
                  if (out != batch) {
                    out.close();
                  }
                });
      }
      counters.call(start, batch.getRowCount(), rows, bytes);
      counters.skipped(o.failed().size());
      return;
    }
    try {
      counters.call(start, batch.getRowCount(), result.getRowCount(), emitted(result, emit));
    } finally {
      if (result != batch) {
        result.close();
      }
    }
  }

  /** Emits {@code result} when it has rows; returns its encoded size. */
  private static long emitted(VectorSchemaRoot result, Consumer<ArrowBlock> emit) {
    if (result.getRowCount() == 0) {
      return 0;
    }
    ArrowBlock encoded = ArrowBlock.encode(result);
    emit.accept(encoded);
    return encoded.ipc().length;
  }
}
