package io.sluice.api.source;

import io.sluice.api.Row;
import io.sluice.api.SluiceException;
import io.sluice.api.row.RowBatchBuilder;
import io.sluice.api.row.SchemaInference;
import io.sluice.api.spi.BatchReader;
import io.sluice.api.spi.Datasource;
import io.sluice.api.spi.ReadTask;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * In-memory items as a dataset ({@code Sluice.fromItems}). Each item becomes one row: a {@link Row}
 * as is, a {@code Map<String, ?>} by its keys, anything else as the single column {@code item}.
 *
 * <p>The schema is inferred from <b>every</b> item when the source is built (see {@link
 * SchemaInference}), so a conflicting item fails at once, naming the column and row, instead of
 * halfway through a job. The items are split into about {@code parallelism} contiguous read tasks
 * (more when there are many items, so that no task holds more than {@value #MAX_ROWS_PER_TASK}
 * rows); each task converts its items lazily, on read, into batches of about {@code
 * targetBatchBytes}. Tasks hold the items transiently: the source lives in one JVM.
 */
public final class ItemsSource implements Datasource {

  /** Rows per task beyond which the items are split further than the parallelism asks. */
  static final int MAX_ROWS_PER_TASK = 1 << 17;

  private final List<?> items;
  private final int defaultParallelism;
  private final Schema schema;

  /** The list is copied (shallowly); items must not change while the source is in use. */
  public ItemsSource(List<?> items, int defaultParallelism) {
    this(items, defaultParallelism, null);
  }

  /** With a declared schema (null: infer from the items). */
  public ItemsSource(List<?> items, int defaultParallelism, Schema schema) {
    this.items = Collections.unmodifiableList(new ArrayList<>(items));
    this.defaultParallelism = Math.max(1, defaultParallelism);
    this.schema = schema != null ? schema : SchemaInference.infer(asRows(this.items));
  }

  /**
   * One item as a row: a {@link Row} as is, a map by its keys, anything else as column {@code
   * item}.
   */
  public static Row toRow(Object item) {
    if (item instanceof Row r) {
      return r;
    }
    if (item instanceof Map<?, ?> m) {
      for (Object k : m.keySet()) {
        if (!(k instanceof String)) {
          throw new SluiceException(
              "fromItems: a Map item needs String keys (column names), got key "
                  + k
                  + (k == null ? "" : " of type " + k.getClass().getName()));
        }
      }
      @SuppressWarnings("unchecked")
      Map<String, ?> columns = (Map<String, ?>) m;
      return Row.fromMap(columns);
    }
    return Row.of("item", item);
  }

  /** A lazy view of items as rows. */
  private static List<Row> asRows(List<?> items) {
    return new AbstractList<>() {
      @Override
      public Row get(int index) {
        return toRow(items.get(index));
      }

      @Override
      public int size() {
        return items.size();
      }
    };
  }

  @Override
  public String name() {
    return "FromItems";
  }

  @Override
  public Schema schema() {
    return schema;
  }

  /** Number of items. */
  public int size() {
    return items.size();
  }

  @Override
  public List<ReadTask> planReadTasks(int parallelismHint) {
    int n = items.size();
    int p = Math.max(parallelismHint, defaultParallelism);
    long tasks = Math.max(Math.min(p, n), (n + (long) MAX_ROWS_PER_TASK - 1) / MAX_ROWS_PER_TASK);
    List<ReadTask> out = new ArrayList<>();
    for (long t = 0; t < tasks; t++) {
      int from = (int) (n * t / tasks);
      int to = (int) (n * (t + 1) / tasks);
      if (to > from) {
        out.add(new ItemsTask(items.subList(from, to), from, schema));
      }
    }
    return out;
  }

  @Override
  public String toString() {
    return "items(" + items.size() + ")";
  }

  /** Items {@code [from, from + items.size())}; holds them transiently (not shippable). */
  private static final class ItemsTask implements ReadTask {
    private static final long serialVersionUID = 1L;

    private final transient List<?> items;
    private final int from;
    private final int to;
    private final transient Schema schema;

    ItemsTask(List<?> items, int from, Schema schema) {
      this.items = items;
      this.from = from;
      this.to = from + items.size();
      this.schema = schema;
    }

    @Override
    public String describe() {
      return "items [" + from + ", " + to + ")";
    }

    @Override
    public OptionalLong estimatedRows() {
      return OptionalLong.of(to - from);
    }

    @Override
    public BatchReader open(BufferAllocator allocator, long targetBatchBytes) {
      if (items == null) {
        throw new IllegalStateException(
            "in-memory items cannot be read outside the JVM that created them");
      }
      return new BatchReader() {
        private int next;

        @Override
        public VectorSchemaRoot next() {
          if (next >= items.size()) {
            return null;
          }
          int start = next;
          RowBatchBuilder builder = new RowBatchBuilder(schema);
          while (next < items.size()
              && (builder.rowCount() == 0 || builder.estimatedBytes() < targetBatchBytes)) {
            builder.add(toRow(items.get(next++)));
          }
          try {
            return builder.build(allocator);
          } catch (SluiceException e) {
            throw new SluiceException(
                "fromItems: items ["
                    + (from + start)
                    + ", "
                    + (from + next)
                    + "): "
                    + e.getMessage(),
                e);
          }
        }

        @Override
        public void close() {}
      };
    }
  }
}
