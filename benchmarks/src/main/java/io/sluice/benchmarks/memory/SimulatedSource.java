package io.sluice.benchmarks.memory;

import io.sluice.api.spi.BatchReader;
import io.sluice.api.spi.Datasource;
import io.sluice.api.spi.ReadTask;
import java.io.IOException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The Figure 9 load stage: {@code tasks} read tasks, each taking {@code taskMillis} and producing
 * {@code rows} rows of {@code rowBytes} real bytes, in batches of {@code batchRows} spread evenly
 * over the task's time. Making the rows is part of that time (the task sleeps only for what is
 * left), so a task lasts its nominal time whenever the host's CPUs keep up. Serializable, as its
 * read tasks are (they hold this source), so the Flink backend can ship them.
 */
final class SimulatedSource implements Datasource, Serializable {

  private static final long serialVersionUID = 1L;

  private final int tasks;
  private final int rows;
  private final int batchRows;
  private final int rowBytes;
  private final long taskMillis;

  SimulatedSource(int tasks, int rows, int batchRows, int rowBytes, long taskMillis) {
    this.tasks = tasks;
    this.rows = rows;
    this.batchRows = batchRows;
    this.rowBytes = rowBytes;
    this.taskMillis = taskMillis;
  }

  @Override
  public String name() {
    return "Load";
  }

  @Override
  public Schema schema() {
    return Rows.schema(rowBytes);
  }

  @Override
  public List<ReadTask> planReadTasks(int parallelismHint) {
    List<ReadTask> out = new ArrayList<>();
    for (int t = 0; t < tasks; t++) {
      int task = t;
      out.add(
          new ReadTask() {
            @Override
            public String describe() {
              return "load task " + task;
            }

            @Override
            public OptionalLong estimatedRows() {
              return OptionalLong.of(rows);
            }

            @Override
            public BatchReader open(BufferAllocator allocator, long targetBatchBytes) {
              return new BatchReader() {
                final long start = System.nanoTime();
                int done;

                @Override
                public VectorSchemaRoot next() throws IOException {
                  if (done >= rows) {
                    return null;
                  }
                  int n = Math.min(batchRows, rows - done);
                  VectorSchemaRoot r = Rows.make(allocator, (long) task * rows + done, n, rowBytes);
                  done += n;
                  Rows.sleepUntil(start + taskMillis * 1_000_000L * done / rows);
                  return r;
                }

                @Override
                public void close() {}
              };
            }
          });
    }
    return out;
  }
}
