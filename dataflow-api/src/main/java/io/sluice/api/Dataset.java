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
import io.sluice.api.plan.RenameNode;
import io.sluice.api.plan.RepartitionNode;
import io.sluice.api.plan.SelectNode;
import io.sluice.api.plan.SortNode;
import io.sluice.api.plan.UnionNode;
import io.sluice.api.plan.rules.Optimizer;
import io.sluice.api.spi.BatchStream;
import io.sluice.api.spi.Datasink;
import io.sluice.api.spi.Materialized;
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
import java.util.Objects;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A lazy, immutable dataset: a logical plan plus the session that will run it. Transforms return
 * new datasets and run nothing; consumers ({@code write...}, {@link #iterator()}, {@link #take},
 * {@link #count()}, {@link #materialize()}) optimize the plan and execute it.
 *
 * <p>Every transform takes a {@link Compute} request (default: stateless CPU tasks). Every consumer
 * can hand back the figures of its own job: {@link WriteResult#stats()}, the {@code ...WithStats}
 * variants ({@link JobResult}), {@link JobIterator#stats()}.
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

  /** Row to row, as {@code compute} asks; the output schema is inferred from the first rows. */
  public Dataset map(RowMapper fn, Compute compute) {
    return with(new MapRowsNode(plan, fn, compute, null));
  }

  /** Row to row with a declared output schema: rows that do not fit it fail the job. */
  public Dataset map(RowMapper fn, Compute compute, Schema outputSchema) {
    return with(
        new MapRowsNode(plan, fn, compute, Objects.requireNonNull(outputSchema, "outputSchema")));
  }

  /** One row to zero or more rows, on the CPU pool; the output schema is inferred. */
  public Dataset flatMap(RowFlatMapper fn) {
    return flatMap(fn, Compute.tasks());
  }

  /** One row to zero or more rows, as {@code compute} asks; the output schema is inferred. */
  public Dataset flatMap(RowFlatMapper fn, Compute compute) {
    return with(new FlatMapNode(plan, fn, compute, null));
  }

  /** One row to zero or more rows with a declared output schema. */
  public Dataset flatMap(RowFlatMapper fn, Compute compute, Schema outputSchema) {
    return with(
        new FlatMapNode(plan, fn, compute, Objects.requireNonNull(outputSchema, "outputSchema")));
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
    return mapBatches(
        UdfFactory.of("MapBatches", fn, Objects.requireNonNull(outputSchema, "outputSchema")),
        compute);
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

  /**
   * A random permutation of the rows, the same for the same seed and input (all-to-all, spills).
   */
  public Dataset randomShuffle(long seed) {
    return with(new RandomShuffleNode(plan, seed));
  }

  /** Rows ordered by {@code column}, ascending; see {@link #sort(SortKey...)}. */
  public Dataset sort(String column) {
    return sort(SortKey.asc(column));
  }

  /** Rows ordered by {@code column} in {@code order}; see {@link #sort(SortKey...)}. */
  public Dataset sort(String column, SortOrder order) {
    return sort(new SortKey(column, order));
  }

  /**
   * Rows ordered by {@code keys}, compared left to right (stable: equal keys keep their input
   * order; nulls last in each key): an external sort with range partitioning that spills what
   * exceeds the memory budget.
   */
  public Dataset sort(SortKey... keys) {
    return with(new SortNode(plan, List.of(keys)));
  }

  /** Groups rows by the key columns, for {@link GroupedDataset#aggregate}. */
  public GroupedDataset groupBy(String... keys) {
    return new GroupedDataset(this, List.of(keys), this::with);
  }

  /**
   * The distinct values of {@code column}, nulls included once (as SQL's {@code DISTINCT}), in no
   * particular order: a job over the spillable all-to-all machinery whose result is held in memory.
   */
  public List<Object> unique(String column) {
    List<Object> out = new ArrayList<>();
    try (JobIterator<Row> it = groupBy(column).aggregate().iterator()) {
      it.forEachRemaining(r -> out.add(r.get(column)));
    }
    return out;
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

  /**
   * Writes Parquet files under {@code dir}, committed atomically with a {@code _SUCCESS} marker.
   */
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
    return new WriteOptions(
        options.mode(),
        options.targetFileBytes(),
        FormatOptions.merge(options.properties(), typed),
        options.jobId());
  }

  /** Writes into any sink with its commit protocol; the result carries the job's figures. */
  public WriteResult write(Datasink sink) {
    return sluice.backend().write(optimizedPlan(), sink);
  }

  /**
   * The output batches as they are produced; the caller closes each batch and the stream, whose
   * {@link BatchStream#stats()} are the job's figures.
   */
  public BatchStream streamBatches() {
    return sluice.backend().stream(optimizedPlan());
  }

  /**
   * Rows as a {@link Stream}, as they are produced (sequential, ordered as the output). Close it
   * (try-with-resources) to end the job early and release what it holds; a stream consumed to the
   * end has released it already.
   */
  public Stream<Row> stream() {
    JobIterator<Row> it = iterator();
    return StreamSupport.stream(Spliterators.spliteratorUnknownSize(it, Spliterator.ORDERED), false)
        .onClose(it::close);
  }

  /**
   * Rows, as they are produced. Each batch is converted as it arrives, so memory stays bounded.
   * Close the iterator (or drain it) to end the job; {@link JobIterator#stats()} are its figures.
   */
  public JobIterator<Row> iterator() {
    return new RowIterator(batchIterator(0));
  }

  /**
   * Batches of exactly {@code batchSize} rows (the last may be smaller). Each batch stays valid
   * until the next call to {@code next()} or {@code close()}, which close it.
   */
  public JobIterator<VectorSchemaRoot> iterBatches(int batchSize) {
    if (batchSize < 1) {
      throw new IllegalArgumentException("batchSize must be >= 1, got " + batchSize);
    }
    return batchIterator(batchSize);
  }

  private JobIterator<VectorSchemaRoot> batchIterator(int batchSize) {
    return new RebatchingIterator(sluice, streamBatches(), batchSize);
  }

  /** The first {@code n} rows. */
  public List<Row> take(long n) {
    return takeWithStats(n).value();
  }

  /** The first {@code n} rows and the figures of the job that produced them. */
  public JobResult<List<Row>> takeWithStats(long n) {
    return limit(n).takeAllWithStats();
  }

  /** Every row; only for small datasets. */
  public List<Row> takeAll() {
    return takeAllWithStats().value();
  }

  /** Every row and the job's figures; only for small datasets. */
  public JobResult<List<Row>> takeAllWithStats() {
    List<Row> rows = new ArrayList<>();
    try (JobIterator<Row> it = iterator()) {
      it.forEachRemaining(rows::add);
      return new JobResult<>(rows, it.stats());
    }
  }

  /** Number of rows. */
  public long count() {
    return countWithStats().value();
  }

  /** Number of rows and the figures of the job that counted them. */
  public JobResult<Long> countWithStats() {
    long rows = 0;
    try (BatchStream s = streamBatches()) {
      VectorSchemaRoot b;
      while ((b = s.next()) != null) {
        rows += b.getRowCount();
        b.close();
      }
      return new JobResult<>(rows, s.stats());
    }
  }

  /**
   * Executes the plan and keeps every output block (held until the session closes), so later
   * consumers do not recompute it. The backend decides where the blocks live: the local one keeps
   * them within its memory budget and spills the oldest beyond that to its spill directory
   * (compressed Arrow IPC, read back when the result is read).
   */
  public Dataset materialize() {
    return materializeWithStats().value();
  }

  /** As {@link #materialize()}, with the figures of the job that computed the kept blocks. */
  public JobResult<Dataset> materializeWithStats() {
    Materialized kept = sluice.backend().materialize(optimizedPlan());
    sluice.register(kept);
    return new JobResult<>(sluice.read(kept), kept.jobStats());
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
    try (BatchStream s = limit(1).streamBatches()) {
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
