package io.sluice.operators.core;

import io.sluice.api.Compute;
import io.sluice.api.Row;
import io.sluice.api.plan.LogicalNode;
import io.sluice.api.plan.ReadNode;
import io.sluice.api.row.RowBatchBuilder;
import io.sluice.api.row.RowConverter;
import io.sluice.api.row.SchemaInference;
import io.sluice.api.source.RangeSource;
import io.sluice.api.udf.BatchUdf;
import io.sluice.api.udf.UdfContext;
import io.sluice.api.udf.UdfFactory;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

/** Small builders shared by the operator tests. */
final class Fixtures {

  static final LogicalNode SOURCE = new ReadNode(new RangeSource(10, 1));
  static final Compute TASKS = Compute.tasks();
  static final UdfContext CTX = UdfContext.cpu("test", 0, 1);

  private Fixtures() {}

  static VectorSchemaRoot batch(BufferAllocator a, List<Row> rows) {
    return RowBatchBuilder.build(SchemaInference.infer(rows), rows, a);
  }

  static List<Row> rows(VectorSchemaRoot b) {
    return RowConverter.toRows(b);
  }

  /** Rows {@code id, text, tags, pt} for {@code [from, to)}. */
  static List<Row> sample(int from, int to) {
    return IntStream.range(from, to)
        .mapToObj(
            i ->
                Row.of(
                    "id",
                    (long) i,
                    "text",
                    i % 5 == 0 ? null : "t" + i,
                    "tags",
                    i % 3 == 0 ? null : List.of("a" + i, "b"),
                    "pt",
                    Row.of("x", (double) i, "label", "p" + i)))
        .toList();
  }

  /** Applies one fresh instance of {@code f} to {@code in} and closes the instance. */
  static VectorSchemaRoot applyOnce(UdfFactory f, VectorSchemaRoot in, BufferAllocator a)
      throws Exception {
    try (BatchUdf udf = f.create(CTX)) {
      return udf.apply(in, a);
    }
  }
}
