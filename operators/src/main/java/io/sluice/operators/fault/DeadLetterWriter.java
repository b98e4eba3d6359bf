package io.sluice.operators.fault;

import io.sluice.api.Row;
import io.sluice.api.Sluice;
import io.sluice.api.row.RowBatchBuilder;
import io.sluice.api.spi.Datasink;
import io.sluice.api.spi.TaskWriter;
import io.sluice.api.spi.WriteJob;
import io.sluice.api.spi.WriteMode;
import io.sluice.api.spi.WriteOptions;
import java.io.IOException;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Writes a job's dead letters as a Parquet dataset (through the {@code parquet} format provider, so
 * the executor does not depend on connectors), committed like any output. A later run of the same
 * job replaces it.
 */
public final class DeadLetterWriter {

  public static final Schema SCHEMA =
      new Schema(
          List.of(
              utf8("operator"),
              utf8("source"),
              utf8("error_class"),
              utf8("error_message"),
              new Field("attempts", FieldType.nullable(new ArrowType.Int(32, true)), null),
              utf8("row")));

  private DeadLetterWriter() {}

  private static Field utf8(String name) {
    return new Field(name, FieldType.nullable(new ArrowType.Utf8()), null);
  }

  public static void write(
      List<DeadLetter> letters, String path, String jobId, BufferAllocator allocator)
      throws IOException {
    Datasink sink =
        Sluice.format("parquet").sink(path, WriteOptions.defaults().withMode(WriteMode.OVERWRITE));
    WriteJob job = sink.createJob(SCHEMA, jobId + "-dead-letter");
    RowBatchBuilder rows = new RowBatchBuilder(SCHEMA);
    for (DeadLetter d : letters) {
      rows.add(
          Row.of(
              "operator",
              d.operator(),
              "source",
              d.source(),
              "error_class",
              d.errorClass(),
              "error_message",
              d.errorMessage(),
              "attempts",
              d.attempts(),
              "row",
              d.row()));
    }
    TaskWriter writer = null;
    try (VectorSchemaRoot batch = rows.build(allocator)) {
      writer = job.openTask(0, 0);
      writer.write(batch);
      job.commit(List.of(writer.commit()));
    } catch (IOException | RuntimeException e) {
      if (writer != null) {
        writer.abort();
      }
      job.abort();
      throw e;
    }
  }
}
