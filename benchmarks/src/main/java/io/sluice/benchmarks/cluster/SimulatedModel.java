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
 */
final class SimulatedModel implements UdfFactory {

  static final Schema OUTPUT =
      new Schema(
          List.of(
              new Field("id", FieldType.nullable(new ArrowType.Int(64, true)), null),
              new Field(
                  "score",
                  FieldType.nullable(new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE)),
                  null)));

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
      long nanos = microsPerRow * 1000L * n;
      Thread.sleep(nanos / 1_000_000, (int) (nanos % 1_000_000));
      BigIntVector ids = (BigIntVector) batch.getVector("id");
      BigIntVector tokens = (BigIntVector) batch.getVector("tokens");
      VectorSchemaRoot out = VectorSchemaRoot.create(OUTPUT, allocator);
      BigIntVector outIds = (BigIntVector) out.getVector("id");
      Float4Vector scores = (Float4Vector) out.getVector("score");
      outIds.allocateNew(n);
      scores.allocateNew(n);
      for (int i = 0; i < n; i++) {
        outIds.set(i, ids.get(i));
        scores.set(i, tokens.get(i) / 100f);
      }
      out.setRowCount(n);
      return out;
    };
  }
}
