package io.sluice.executor;

import io.sluice.api.Row;
import io.sluice.api.row.RowConverter;
import io.sluice.api.spi.Datasink;
import io.sluice.api.spi.TaskWriter;
import io.sluice.api.spi.WriteJob;
import io.sluice.api.spi.WriteResult;
import io.sluice.api.spi.WriteTaskResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A hand-written sink for executor tests: keeps written rows per task attempt in memory, publishes
 * only committed tasks' rows, and can be made slow (sleeping per batch) to test backpressure.
 */
final class CollectingSink implements Datasink {

  final long sleepMillisPerBatch;
  final Map<String, List<Row>> attempts = new ConcurrentHashMap<>();
  volatile List<Row> committed;
  volatile boolean aborted;
  volatile Schema schema;

  CollectingSink(long sleepMillisPerBatch) {
    this.sleepMillisPerBatch = sleepMillisPerBatch;
  }

  @Override
  public String name() {
    return "Collect";
  }

  @Override
  public String destination() {
    return "memory";
  }

  @Override
  public WriteJob createJob(Schema schema, String jobId) {
    this.schema = schema;
    return new WriteJob() {
      @Override
      public TaskWriter openTask(int taskIndex, int attempt) {
        String key = taskIndex + "-" + attempt;
        List<Row> rows = new ArrayList<>();
        attempts.put(key, rows);
        return new TaskWriter() {
          @Override
          public void write(VectorSchemaRoot batch) {
            rows.addAll(RowConverter.toRows(batch));
            if (sleepMillisPerBatch > 0) {
              try {
                Thread.sleep(sleepMillisPerBatch);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            }
          }

          @Override
          public WriteTaskResult commit() {
            return new WriteTaskResult(taskIndex, attempt, List.of(key), rows.size(), 0);
          }

          @Override
          public void abort() {
            attempts.remove(key);
          }
        };
      }

      @Override
      public WriteResult commit(List<WriteTaskResult> results) {
        TreeMap<Integer, List<Row>> byTask = new TreeMap<>();
        for (WriteTaskResult r : results) {
          byTask.put(r.taskIndex(), attempts.get(r.files().get(0)));
        }
        List<Row> all = new ArrayList<>();
        byTask.values().forEach(all::addAll);
        committed = all;
        return new WriteResult("memory", List.of(), all.size(), 0);
      }

      @Override
      public void abort() {
        aborted = true;
      }
    };
  }
}
