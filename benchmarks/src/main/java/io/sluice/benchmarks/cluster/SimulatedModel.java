package io.sluice.benchmarks.cluster;

import io.sluice.api.udf.BatchUdf;
import io.sluice.api.udf.UdfContext;
import io.sluice.api.udf.UdfFactory;
import java.util.List;
import java.util.Optional;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A model stage whose cost is a fixed sleep per row (as an accelerator's latency would be, without
 * using a CPU), writing one score per row: {@code id} and {@code score = tokens / 100}. Columnar,
 * so the stage itself costs next to nothing on the CPU and the benchmark measures the engines.
 *
 * <p>Each row also records where and when its batch ran, for benchmarks that scale the pool across
 * processes: {@code pid} (the JVM that ran it: a TaskManager on a cluster) and {@code start_ms} /
 * {@code end_ms} (wall-clock epoch milliseconds around the batch; one machine, so one clock).
 */
final class SimulatedModel implements UdfFactory {

  static final Schema OUTPUT =
      new Schema(
          List.of(
              new Field("id", FieldType.nullable(new ArrowType.Int(64, true)), null),
              new Field(
                  "score",
                  FieldType.nullable(new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE)),
                  null),
              new Field("pid", FieldType.nullable(new ArrowType.Int(64, true)), null),
              new Field("start_ms", FieldType.nullable(new ArrowType.Int(64, true)), null),
              new Field("end_ms", FieldType.nullable(new ArrowType.Int(64, true)), null)));

  private final long microsPerRow;

  SimulatedModel(long microsPerRow) {
    this.microsPerRow = microsPerRow;
  }

  @Override
  public String name() {
    return "SimulatedModel";
  }

  @Override
  public Optional<Schema> outputSchema(Schema input) {
    return Optional.of(OUTPUT);
  }

  @Override
  public BatchUdf create(UdfContext context) {
    return (batch, allocator) -> {
      int n = batch.getRowCount();
      long startMs = System.currentTimeMillis();
      long nanos = microsPerRow * 1000L * n;
      Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
      BigIntVector ids = (BigIntVector) batch.getVector("id");
      BigIntVector tokens = (BigIntVector) batch.getVector("tokens");
      VectorSchemaRoot out = VectorSchemaRoot.create(OUTPUT, allocator);
      BigIntVector outIds = (BigIntVector) out.getVector("id");
      Float4Vector scores = (Float4Vector) out.getVector("score");
      BigIntVector pids = (BigIntVector) out.getVector("pid");
      BigIntVector starts = (BigIntVector) out.getVector("start_ms");
      BigIntVector ends = (BigIntVector) out.getVector("end_ms");
      out.allocateNew();
      long pid = ProcessHandle.current().pid();
      long endMs = System.currentTimeMillis();
      for (int i = 0; i < n; i++) {
        outIds.setSafe(i, ids.get(i));
        scores.setSafe(i, tokens.get(i) / 100f);
        pids.setSafe(i, pid);
        starts.setSafe(i, startMs);
        ends.setSafe(i, endMs);
      }
      out.setRowCount(n);
      return out;
    };
  }
}
