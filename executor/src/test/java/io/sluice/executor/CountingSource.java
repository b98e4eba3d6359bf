package io.sluice.executor;

import io.sluice.api.source.RangeSource;
import io.sluice.api.spi.BatchReader;
import io.sluice.api.spi.Datasource;
import io.sluice.api.spi.ReadTask;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/** A source of {@code tasks} x {@code rowsPerTask} ids that counts how many tasks were opened. */
final class CountingSource implements Datasource {

  final AtomicInteger opened = new AtomicInteger();
  private final int tasks;
  private final int rowsPerTask;
  private final long sleepMillis;

  CountingSource(int tasks, int rowsPerTask, long sleepMillis) {
    this.tasks = tasks;
    this.rowsPerTask = rowsPerTask;
    this.sleepMillis = sleepMillis;
  }

  @Override
  public String name() {
    return "CountingRead";
  }

  @Override
  public Schema schema() {
    return RangeSource.SCHEMA;
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
              return "counting task " + task;
            }

            @Override
            public OptionalLong estimatedRows() {
              return OptionalLong.of(rowsPerTask);
            }

            @Override
            public BatchReader open(BufferAllocator allocator, long targetBatchBytes) {
              opened.incrementAndGet();
              return new BatchReader() {
                boolean done;

                @Override
                public VectorSchemaRoot next() {
                  if (done) {
                    return null;
                  }
                  done = true;
                  if (sleepMillis > 0) {
                    try {
                      Thread.sleep(sleepMillis);
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                  }
                  VectorSchemaRoot root = VectorSchemaRoot.create(RangeSource.SCHEMA, allocator);
                  BigIntVector v = (BigIntVector) root.getVector(0);
                  v.allocateNew(rowsPerTask);
                  for (int i = 0; i < rowsPerTask; i++) {
                    v.set(i, (long) task * rowsPerTask + i);
                  }
                  root.setRowCount(rowsPerTask);
                  return root;
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
