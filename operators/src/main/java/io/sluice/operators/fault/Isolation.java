package io.sluice.operators.fault;

import io.sluice.api.arrow.Batches;
import io.sluice.api.row.RowConverter;
import io.sluice.api.udf.BatchUdf;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Finds the rows of a batch that make a UDF fail, by splitting the failing range in halves until
 * single rows fail (about 2 log2(n) extra calls per bad row). The other rows' outputs come back in
 * order. Relies on the UDF being deterministic, as retries do.
 */
public final class Isolation {

  /**
   * @param outputs the UDF's outputs for the good rows, in row order (owned by the caller)
   * @param failed one dead letter per failing row
   */
  public record Outcome(List<VectorSchemaRoot> outputs, List<DeadLetter> failed) {}

  private Isolation() {}

  /**
   * Runs {@code udf} over {@code batch} (which stays owned by the caller).
   *
   * @param where describes the batch for dead letters, e.g. "task 3, block 0"; the row offset is
   *     appended
   */
  public static Outcome run(
      BatchUdf udf,
      VectorSchemaRoot batch,
      BufferAllocator allocator,
      String operator,
      String where,
      int attempts) {
    Outcome o = new Outcome(new ArrayList<>(), new ArrayList<>());
    try {
      isolate(udf, batch, 0, batch.getRowCount(), allocator, operator, where, attempts, o);
    } catch (RuntimeException e) {
      o.outputs().forEach(VectorSchemaRoot::close);
      throw e;
    }
    return o;
  }

  private static void isolate(
      BatchUdf udf,
      VectorSchemaRoot batch,
      int from,
      int len,
      BufferAllocator allocator,
      String operator,
      String where,
      int attempts,
      Outcome o) {
    if (len == 0) {
      return;
    }
    VectorSchemaRoot slice = Batches.slice(batch, from, len, allocator);
    try {
      VectorSchemaRoot out = udf.apply(slice, allocator);
      if (out != slice) {
        slice.close();
      }
      o.outputs().add(out);
      return;
    } catch (Throwable t) {
      if (len == 1) {
        o.failed()
            .add(
                DeadLetter.ofRow(
                    operator, where + ", row " + from, RowConverter.toRow(slice, 0), t, attempts));
        slice.close();
        return;
      }
      slice.close();
    }
    int half = len / 2;
    isolate(udf, batch, from, half, allocator, operator, where, attempts, o);
    isolate(udf, batch, from + half, len - half, allocator, operator, where, attempts, o);
  }
}
