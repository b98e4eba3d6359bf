package io.sluice.connectors.parquet;

import io.sluice.api.spi.BatchReader;
import io.sluice.api.spi.Datasource;
import io.sluice.api.spi.ReadTask;
import io.sluice.api.spi.TaskWriter;
import io.sluice.api.spi.WriteJob;
import io.sluice.api.spi.WriteOptions;
import io.sluice.api.spi.WriteResult;
import io.sluice.api.spi.WriteTaskResult;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/** Drives the SPI the way an executor would: write tasks then commit; plan tasks then read them. */
final class Fixtures {

  private Fixtures() {}

  /**
   * Writes {@code tasks} tasks of {@code batchesPerTask} batches of {@code rowsPerBatch} AllTypes
   * rows.
   */
  static WriteResult writeAllTypes(
      BufferAllocator allocator,
      String dest,
      WriteOptions options,
      int tasks,
      int batchesPerTask,
      int rowsPerBatch)
      throws IOException {
    WriteJob job = new ParquetDatasink(dest, options).createJob(AllTypes.SCHEMA, "job1");
    List<WriteTaskResult> results = new ArrayList<>();
    int row = 0;
    for (int t = 0; t < tasks; t++) {
      TaskWriter w = job.openTask(t, 0);
      for (int b = 0; b < batchesPerTask; b++) {
        try (VectorSchemaRoot batch = AllTypes.batch(allocator, row, rowsPerBatch)) {
          w.write(batch);
        }
        row += rowsPerBatch;
      }
      results.add(w.commit());
    }
    return job.commit(results);
  }

  /** Writes the given batches as one task and commits. */
  static WriteResult write(
      String dest, Schema schema, WriteOptions options, List<VectorSchemaRoot> batches)
      throws IOException {
    WriteJob job = new ParquetDatasink(dest, options).createJob(schema, "job1");
    TaskWriter w = job.openTask(0, 0);
    for (VectorSchemaRoot b : batches) {
      w.write(b);
    }
    return job.commit(List.of(w.commit()));
  }

  /** Every batch of every task, in plan order. The caller closes them. */
  static List<VectorSchemaRoot> readAll(
      Datasource source, BufferAllocator allocator, long targetBytes) throws IOException {
    List<VectorSchemaRoot> out = new ArrayList<>();
    for (ReadTask t : source.planReadTasks(1000)) {
      try (BatchReader r = t.open(allocator, targetBytes)) {
        VectorSchemaRoot b;
        while ((b = r.next()) != null) {
          out.add(b);
        }
      }
    }
    return out;
  }

  static List<List<Object>> readRows(Datasource source, BufferAllocator allocator)
      throws IOException {
    List<VectorSchemaRoot> batches = readAll(source, allocator, 1 << 20);
    try {
      return Values.rows(batches);
    } finally {
      batches.forEach(VectorSchemaRoot::close);
    }
  }

  static List<List<Object>> expectedAllTypes(BufferAllocator allocator, int from, int n) {
    try (VectorSchemaRoot b = AllTypes.batch(allocator, from, n)) {
      return Values.rows(List.of(b));
    }
  }
}
