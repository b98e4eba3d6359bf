package io.sluice.connectors.testing;

import io.sluice.api.Row;
import io.sluice.api.row.RowBatchBuilder;
import io.sluice.api.row.RowConverter;
import io.sluice.api.spi.BatchReader;
import io.sluice.api.spi.Datasink;
import io.sluice.api.spi.Datasource;
import io.sluice.api.spi.ReadTask;
import io.sluice.api.spi.TaskWriter;
import io.sluice.api.spi.WriteJob;
import io.sluice.api.spi.WriteResult;
import io.sluice.api.spi.WriteTaskResult;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Drives the connector SPI the way an executor does, so connector tests need no execution backend
 * (connectors sit beside the executor, not above it; jobs over real connectors are tested in
 * integration-tests): plan read tasks, read each, map rows, write one task attempt per read task,
 * retry a failed task once as attempt 1, then commit the job, or abort it when a task fails twice.
 */
public final class LocalJob {

  private LocalJob() {}

  /** Reads every row of {@code source}. */
  public static List<Row> readRows(Datasource source, BufferAllocator allocator)
      throws IOException {
    List<Row> out = new ArrayList<>();
    for (ReadTask t : source.planReadTasks(4)) {
      try (BatchReader r = t.open(allocator, 1 << 20)) {
        VectorSchemaRoot b;
        while ((b = r.next()) != null) {
          try (VectorSchemaRoot batch = b) {
            out.addAll(RowConverter.toRows(batch));
          }
        }
      }
    }
    return out;
  }

  /** read -> map -> write, committed; the failing attempt of a task is aborted and retried once. */
  public static WriteResult run(
      Datasource source,
      UnaryOperator<Row> map,
      Schema outSchema,
      Datasink sink,
      BufferAllocator allocator,
      String jobId)
      throws IOException {
    WriteJob job = sink.createJob(outSchema, jobId);
    List<WriteTaskResult> results = new ArrayList<>();
    try {
      List<ReadTask> tasks = source.planReadTasks(4);
      for (int i = 0; i < tasks.size(); i++) {
        results.add(runTask(tasks.get(i), i, map, outSchema, job, allocator));
      }
    } catch (IOException | RuntimeException e) {
      job.abort();
      throw e;
    }
    return job.commit(results);
  }

  private static WriteTaskResult runTask(
      ReadTask task,
      int index,
      UnaryOperator<Row> map,
      Schema outSchema,
      WriteJob job,
      BufferAllocator allocator)
      throws IOException {
    for (int attempt = 0; ; attempt++) {
      TaskWriter w = job.openTask(index, attempt);
      try (BatchReader r = task.open(allocator, 1 << 20)) {
        VectorSchemaRoot b;
        while ((b = r.next()) != null) {
          try (VectorSchemaRoot batch = b) {
            RowBatchBuilder out = new RowBatchBuilder(outSchema);
            for (Row row : RowConverter.toRows(batch)) {
              out.add(map.apply(row));
            }
            try (VectorSchemaRoot mapped = out.build(allocator)) {
              w.write(mapped);
            }
          }
        }
        return w.commit();
      } catch (IOException | RuntimeException e) {
        w.abort();
        if (attempt >= 1) {
          throw e;
        }
      }
    }
  }
}
