package io.sluice.api.source;

import io.sluice.api.spi.BatchReader;
import io.sluice.api.spi.Datasource;
import io.sluice.api.spi.ReadTask;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/** Rows {@code id = 0 .. n-1} (int64, not null), generated on read. */
public final class RangeSource implements Datasource {

  public static final Schema SCHEMA =
      new Schema(
          List.of(new Field("id", FieldType.notNullable(new ArrowType.Int(64, true)), null)));

  /** Rows per task beyond which the range is split further than the parallelism asks. */
  private static final long MAX_ROWS_PER_TASK = 1L << 20;

  private final long n;
  private final int defaultParallelism;

  public RangeSource(long n, int defaultParallelism) {
    if (n < 0) {
      throw new IllegalArgumentException("range size must be >= 0, got " + n);
    }
    this.n = n;
    this.defaultParallelism = defaultParallelism;
  }

  @Override
  public String name() {
    return "Range";
  }

  @Override
  public Schema schema() {
    return SCHEMA;
  }

  @Override
  public List<ReadTask> planReadTasks(int parallelismHint) {
    int p = Math.max(1, Math.max(parallelismHint, defaultParallelism));
    long tasks = Math.max(Math.min(p, n), (n + MAX_ROWS_PER_TASK - 1) / MAX_ROWS_PER_TASK);
    List<ReadTask> out = new ArrayList<>();
    for (long t = 0; t < tasks; t++) {
      long from = n * t / tasks;
      long to = n * (t + 1) / tasks;
      if (to > from) {
        out.add(new RangeTask(from, to));
      }
    }
    return out;
  }

  @Override
  public String toString() {
    return "range(" + n + ")";
  }

  private record RangeTask(long from, long to) implements ReadTask {

    @Override
    public String describe() {
      return "range ids [" + from + ", " + to + ")";
    }

    @Override
    public OptionalLong estimatedRows() {
      return OptionalLong.of(to - from);
    }

    @Override
    public OptionalLong estimatedBytes() {
      return OptionalLong.of((to - from) * Long.BYTES);
    }

    @Override
    public BatchReader open(BufferAllocator allocator, long targetBatchBytes) {
      int rowsPerBatch =
          (int) Math.max(1, Math.min(Integer.MAX_VALUE / 16, targetBatchBytes / Long.BYTES));
      return new BatchReader() {
        private long next = from;

        @Override
        public VectorSchemaRoot next() {
          if (next >= to) {
            return null;
          }
          int rows = (int) Math.min(rowsPerBatch, to - next);
          VectorSchemaRoot root = VectorSchemaRoot.create(SCHEMA, allocator);
          BigIntVector id = (BigIntVector) root.getVector(0);
          id.allocateNew(rows);
          for (int i = 0; i < rows; i++) {
            id.set(i, next + i);
          }
          root.setRowCount(rows);
          next += rows;
          return root;
        }

        @Override
        public void close() {}
      };
    }
  }
}
