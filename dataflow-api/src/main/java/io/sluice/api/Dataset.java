package io.sluice.api;

import io.sluice.api.format.CsvOptions;
import io.sluice.api.format.FormatOptions;
import io.sluice.api.plan.FilterNode;
import io.sluice.api.plan.FlatMapNode;
import io.sluice.api.plan.LimitNode;
import io.sluice.api.plan.LogicalNode;
import io.sluice.api.plan.MapBatchesNode;
import io.sluice.api.plan.MapRowsNode;
import io.sluice.api.plan.RandomShuffleNode;
import io.sluice.api.plan.RepartitionNode;
import io.sluice.api.plan.RenameNode;
import io.sluice.api.plan.SelectNode;
import io.sluice.api.plan.SortNode;
import io.sluice.api.plan.UnionNode;
import io.sluice.api.plan.rules.Optimizer;
import io.sluice.api.row.RowConverter;
import io.sluice.api.spi.BatchStream;
import io.sluice.api.spi.Datasink;
import io.sluice.api.spi.WriteOptions;
import io.sluice.api.spi.WriteResult;
import io.sluice.api.udf.BatchFn;
import io.sluice.api.udf.RowFilter;
import io.sluice.api.udf.RowFlatMapper;
import io.sluice.api.udf.RowMapper;
import io.sluice.api.udf.UdfFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A lazy, immutable dataset: a logical plan plus the session that will run it. Transforms return new
 * datasets and run nothing; consumers ({@code write...}, {@link #iterator()}, {@link #take},
 * {@link #count()}, {@link #materialize()}) optimize the plan and execute it.
 *
 * <p>Every transform takes a {@link Compute} request (default: stateless CPU tasks).
 */
public final class Dataset {

  private final Sluice sluice;
  private final LogicalNode plan;

  Dataset(Sluice sluice, LogicalNode plan) {
    this.sluice = sluice;
    this.plan = plan;
  }

  /** The logical plan as written. */
  public LogicalNode plan() {
    return plan;
  }

  /** The plan after optimizer rules (fusion, pushdowns): what would run. */
  public LogicalNode optimizedPlan() {
    return Optimizer.defaults().optimize(plan);
  }

  /** The optimized plan as an indented tree. */
  public String explain() {
    return LogicalNode.explain(optimizedPlan());
  }

  private Dataset with(LogicalNode node) {
    return new Dataset(sluice, node);
  }

  // ---------------------------------------------------------------- transforms

  /** Keeps only the named columns, in that order. */
  public Dataset select(String... columns) {
    return with(new SelectNode(plan, List.of(columns)));
  }

  /** Renames one column. */
  public Dataset rename(String from, String to) {
    return rename(Map.of(from, to));
  }

  /** Renames columns, {@code old -> new}. */
  public Dataset rename(Map<String, String> renames) {
    return with(new RenameNode(plan, renames));
  }

  /** Row to row, on the CPU pool; the output schema is inferred from the first rows. */
  public Dataset map(RowMapper fn) {
    return map(fn, Compute.tasks());
  }

  public Dataset map(RowMapper fn, Compute compute) {
    return map(fn, compute, null);
  }

  /** Row to row with a declared output schema (null: infer). */
  public Dataset map(RowMapper fn, Compute compute, Schema outputSchema) {
    return with(new MapRowsNode(plan, fn, compute, outputSchema));
  }

  /** One row to zero or more rows. */
  public Dataset flatMap(RowFlatMapper fn) {
    return flatMap(fn, Compute.tasks(), null);
  }

  public Dataset flatMap(RowFlatMapper fn, Compute compute, Schema outputSchema) {
    return with(new FlatMapNode(plan, fn, compute, outputSchema));
  }

  /** Keeps rows the predicate accepts. */
  public Dataset filter(RowFilter predicate) {
    return filter(predicate, Compute.tasks());
  }

  public Dataset filter(RowFilter predicate, Compute compute) {
    return with(new FilterNode(plan, predicate, compute));
  }

  /** Arrow batch to Arrow batch, stateless, on the CPU pool. */
  public Dataset mapBatches(BatchFn fn) {
    return mapBatches(fn, Compute.tasks());
  }

  public Dataset mapBatches(BatchFn fn, Compute compute) {
    return mapBatches(UdfFactory.of("MapBatches", fn), compute);
  }

  /** A stateless batch function with a declared output schema; batches that differ fail the job. */
  public Dataset mapBatches(BatchFn fn, Compute compute, Schema outputSchema) {
    return mapBatches(UdfFactory.of("MapBatches", fn, outputSchema), compute);
  }

  /**
   * A batch UDF built by a factory: with {@link Compute#actors}, once per actor (a model), fed
   * batches of exactly {@code batchSize} rows.
   */
  public Dataset mapBatches(UdfFactory udf, Compute compute) {
    return with(new MapBatchesNode(plan, udf, compute));
  }

  /** The first {@code n} rows. */
  public Dataset limit(long n) {
    return with(new LimitNode(plan, n));
  }

  /**
   * The rows, in order, redistributed into {@code n} partitions of equal row counts (all-to-all:
   * waits for its whole input, spilling to disk what exceeds the memory budget).
   */
  public Dataset repartition(int n) {
    return with(new RepartitionNode(plan, n));
  }

  /** A random permutation of the rows, the same for the same seed and input (all-to-all, spills). */
  public Dataset randomShuffle(long seed) {
    return with(new RandomShuffleNode(plan, seed));
  }

  /**
   * Rows ordered by {@code column} (stable, nulls last): an external sort with range partitioning
   * that spills what exceeds the memory budget.
   */
  public Dataset sort(String column, boolean ascending) {
    return with(new SortNode(plan, column, ascending));
  }

  /** This dataset's rows followed by the others'. Schemas must be equal. */
  public Dataset union(Dataset... others) {
    List<LogicalNode> inputs = new ArrayList<>();
    inputs.add(plan);
    for (Dataset d : others) {
      if (d.sluice != sluice) {
        throw new PlanException("union: datasets come from different Sluice sessions");
      }
      inputs.add(d.plan);
    }
    return with(new UnionNode(inputs));
  }

  // ---------------------------------------------------------------- consumers

  /** Writes Parquet files under {@code dir}, committed atomically with a {@code _SUCCESS} marker. */
  public WriteResult writeParquet(String dir) {
    return writeParquet(dir, WriteOptions.defaults());
  }

  public WriteResult writeParquet(String dir, WriteOptions options) {
    return write(Sluice.format("parquet").sink(dir, options));
  }

  /** Writes CSV files with a header row under {@code dir}, committed atomically. */
  public WriteResult writeCsv(String dir) {
    return writeCsv(dir, CsvOptions.defaults(), WriteOptions.defaults());
  }

  /** Writes CSV files in the dialect {@code csv} gives (header, delimiter, quote, null value). */
  public WriteResult writeCsv(String dir, CsvOptions csv, WriteOptions options) {
    return write(Sluice.format("csv").sink(dir, withProperties(options, csv.toMap())));
  }

  /** Writes JSON Lines files under {@code dir}, committed atomically. */
  public WriteResult writeJson(String dir) {
    return writeJson(dir, WriteOptions.defaults());
  }

  public WriteResult writeJson(String dir, WriteOptions options) {
    return write(Sluice.format("json").sink(dir, options));
  }

  private static WriteOptions withProperties(WriteOptions options, Map<String, String> typed) {
    return new WriteOptions(options.mode(), options.targetFileBytes(),
        FormatOptions.merge(options.properties(), typed), options.jobId());
  }

  /** Writes into any sink with its commit protocol. */
  public WriteResult write(Datasink sink) {
    return sluice.backend().write(optimizedPlan(), sink);
  }

  /** Streams the output batches; the caller closes each batch and the stream. */
  public BatchStream stream() {
    return sluice.backend().stream(optimizedPlan());
  }

  /**
   * Rows, as they are produced. Each batch is converted as it arrives, so memory stays bounded. Close
   * the iterator (or drain it) to end the job.
   */
  public CloseableIterator<Row> iterator() {
    CloseableIterator<VectorSchemaRoot> batches = batchIterator(0);
    return new CloseableIterator<>() {
      private List<Row> current = List.of();
      private int pos;

      @Override
      public boolean hasNext() {
        while (pos >= current.size()) {
          if (!batches.hasNext()) {
            return false;
          }
          current = RowConverter.toRows(batches.next());
          pos = 0;
        }
        return true;
      }

      @Override
      public Row next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return current.get(pos++);
      }

      @Override
      public void close() {
        batches.close();
      }
    };
  }

  /**
   * Batches of exactly {@code batchSize} rows (the last may be smaller). Each batch stays valid until
   * the next call to {@code next()} or {@code close()}, which close it.
   */
  public CloseableIterator<VectorSchemaRoot> iterBatches(int batchSize) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
    }
    return batchIterator(batchSize);
  }

  private CloseableIterator<VectorSchemaRoot> batchIterator(int batchSize) {
    return new RebatchingIterator(sluice, stream(), batchSize);
  }

  /** The first {@code n} rows. */
  public List<Row> take(long n) {
    List<Row> rows = new ArrayList<>();
    try (CloseableIterator<Row> it = limit(n).iterator()) {
      while (it.hasNext()) {
        rows.add(it.next());
      }
    }
    return rows;
  }

  /** Every row; only for small datasets. */
  public List<Row> takeAll() {
    List<Row> rows = new ArrayList<>();
    try (CloseableIterator<Row> it = iterator()) {
      it.forEachRemaining(rows::add);
    }
    return rows;
  }

  /** Number of rows. */
  public long count() {
    long rows = 0;
    try (BatchStream s = stream()) {
      VectorSchemaRoot b;
      while ((b = s.next()) != null) {
        rows += b.getRowCount();
        b.close();
      }
    }
    return rows;
  }

  /**
   * Executes the plan and keeps every output block (held until the session closes), so later
   * consumers do not recompute it. The backend decides where the blocks live: the local one keeps
   * them within its memory budget and spills the oldest beyond that to its spill directory
   * (compressed Arrow IPC, read back when the result is read).
   */
  public Dataset materialize() {
    io.sluice.api.spi.Materialized kept = sluice.backend().materialize(optimizedPlan());
    sluice.register(kept);
    return sluice.read(kept);
  }

  /**
   * The output schema: known from the plan when every stage declares it, else taken from the first
   * output batch of a one-row run.
   */
  public Schema schema() {
    Optional<Schema> known = optimizedPlan().schema();
    if (known.isPresent()) {
      return known.get();
    }
    try (BatchStream s = limit(1).stream()) {
      VectorSchemaRoot b = s.next();
      if (b == null) {
        return new Schema(List.of());
      }
      Schema schema = b.getSchema();
      b.close();
      return schema;
    }
  }

  @Override
  public String toString() {
    return "Dataset\n" + LogicalNode.explain(plan);
  }
}
