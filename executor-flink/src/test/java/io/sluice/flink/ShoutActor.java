package io.sluice.flink;

import io.sluice.api.Row;
import io.sluice.api.row.RowBatchBuilder;
import io.sluice.api.row.RowConverter;
import io.sluice.api.udf.BatchUdf;
import io.sluice.api.udf.UdfContext;
import io.sluice.api.udf.UdfFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A stand-in for a model actor: upper-cases {@code text} into {@code shout} and records, per row,
 * the size of the batch it arrived in ({@code batch_rows}) and the devices its actor was pinned to
 * ({@code gpus}) and the actor's index ({@code actor}), so tests can check exact batching and GPU
 * assignment from the output. It may also sleep per batch, like a model's inference time, so a test
 * can act while the job runs.
 */
final class ShoutActor implements UdfFactory {

  private final long sleepMillisPerBatch;

  ShoutActor() {
    this(0);
  }

  ShoutActor(long sleepMillisPerBatch) {
    this.sleepMillisPerBatch = sleepMillisPerBatch;
  }

  static final Schema OUTPUT =
      new Schema(
          List.of(
              new Field("id", FieldType.nullable(new ArrowType.Int(64, true)), null),
              new Field("text", FieldType.nullable(new ArrowType.Utf8()), null),
              new Field("shout", FieldType.nullable(new ArrowType.Utf8()), null),
              new Field("batch_rows", FieldType.nullable(new ArrowType.Int(64, true)), null),
              new Field("gpus", FieldType.nullable(new ArrowType.Utf8()), null),
              new Field("actor", FieldType.nullable(new ArrowType.Int(64, true)), null)));

  @Override
  public String name() {
    return "Shout";
  }

  @Override
  public Optional<Schema> outputSchema(Schema input) {
    return Optional.of(OUTPUT);
  }

  @Override
  public BatchUdf create(UdfContext context) {
    String gpus = Arrays.toString(context.gpuIds());
    return (batch, allocator) -> {
      if (sleepMillisPerBatch > 0) {
        Thread.sleep(sleepMillisPerBatch);
      }
      List<Row> out = new ArrayList<>();
      for (Row r : RowConverter.toRows(batch)) {
        out.add(
            Row.of(
                "id",
                r.getLong("id"),
                "text",
                r.getString("text"),
                "shout",
                r.getString("text").toUpperCase(),
                "batch_rows",
                (long) batch.getRowCount(),
                "gpus",
                gpus,
                "actor",
                (long) context.workerIndex()));
      }
      return RowBatchBuilder.build(OUTPUT, out, allocator);
    };
  }
}
