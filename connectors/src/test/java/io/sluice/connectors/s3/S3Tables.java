package io.sluice.connectors.s3;

import io.sluice.api.Row;
import io.sluice.api.SimpleRow;
import io.sluice.api.row.RowBatchBuilder;
import io.sluice.api.spi.Datasink;
import io.sluice.api.spi.TaskWriter;
import io.sluice.api.spi.WriteJob;
import io.sluice.api.spi.WriteResult;
import io.sluice.api.spi.WriteTaskResult;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A small table with one wide column (payload), so a projection that skips it is visible in bytes.
 */
final class S3Tables {

  static final Schema SCHEMA =
      new Schema(
          List.of(
              new Field("id", FieldType.nullable(new ArrowType.Int(64, true)), null),
              new Field("name", FieldType.nullable(ArrowType.Utf8.INSTANCE), null),
              new Field(
                  "score",
                  FieldType.nullable(new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)),
                  null),
              new Field("payload", FieldType.nullable(ArrowType.Binary.INSTANCE), null)));

  private S3Tables() {}

  static Row row(long id) {
    byte[] payload = new byte[512];
    Random r = new Random(id); // incompressible
    r.nextBytes(payload);
    return new SimpleRow(
        new String[] {"id", "name", "score", "payload"},
        new Object[] {id, "name-" + id, id * 0.5, payload});
  }

  /** Writes rows [0, tasks * rowsPerTask) as {@code tasks} tasks and commits. */
  static WriteResult write(Datasink sink, BufferAllocator allocator, int tasks, int rowsPerTask)
      throws IOException {
    WriteJob job = sink.createJob(SCHEMA, "seed");
    List<WriteTaskResult> results = new ArrayList<>();
    for (int t = 0; t < tasks; t++) {
      TaskWriter w = job.openTask(t, 0);
      RowBatchBuilder b = new RowBatchBuilder(SCHEMA);
      for (int i = 0; i < rowsPerTask; i++) {
        b.add(row((long) t * rowsPerTask + i));
      }
      try (VectorSchemaRoot batch = b.build(allocator)) {
        w.write(batch);
      }
      results.add(w.commit());
    }
    return job.commit(results);
  }
}
