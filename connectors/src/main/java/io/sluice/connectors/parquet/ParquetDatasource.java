package io.sluice.connectors.parquet;

import io.sluice.api.PlanException;
import io.sluice.api.spi.ReadTask;
import io.sluice.connectors.fs.FileDatasource;
import io.sluice.connectors.fs.FileLister;
import io.sluice.connectors.fs.FsConfig;
import io.sluice.connectors.fs.Memo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Parquet files, directories (recursive) or globs, read through Hadoop's FileSystem, one {@link
 * ReadTask} per row group (consecutive tiny row groups of a file may share a task).
 *
 * <p>Footers are read lazily, once, the first time the schema or the plan is needed, and shared by
 * the sources derived with {@code with...}. Immutable; {@link #withColumns} and {@link #withLimit}
 * compose in either order.
 *
 * <pre>{@code
 * ParquetDatasource src = ParquetDatasource.of("data/").withColumns(List.of("id")).withLimit(100);
 * }</pre>
 */
public final class ParquetDatasource extends FileDatasource<ParquetDatasource> {

  private final ParquetSourceOptions options;
  private final Memo<ParquetFileSet> files;
  private final ParquetReadMetrics metrics; // null: none

  private ParquetDatasource(
      List<String> paths,
      FsConfig config,
      ParquetSourceOptions options,
      Memo<ParquetFileSet> files,
      List<String> columns,
      long limit,
      ParquetReadMetrics metrics) {
    super(paths, config, columns, limit);
    this.options = options;
    this.files = files;
    this.metrics = metrics;
  }

  /** A source over local paths or URIs with default options. */
  public static ParquetDatasource of(String... paths) {
    return create(List.of(paths), Map.of());
  }

  /**
   * A source over {@code paths}. Options: {@code maxBatchRows}, {@code minTaskBytes}, {@code
   * vectorized} (see {@link ParquetSourceOptions}); {@code fs.*} and {@code hadoop.*} keys go to
   * Hadoop (see {@link FsConfig#fromOptions}); {@code listingCacheSeconds} (see {@link
   * FileLister}). A directory with a Sluice manifest yields exactly the files the manifest lists.
   */
  public static ParquetDatasource create(List<String> paths, Map<String, String> options) {
    if (paths.isEmpty()) {
      throw new PlanException("read parquet: no paths given");
    }
    FsConfig config = FsConfig.fromOptions(options);
    List<String> ps = List.copyOf(paths);
    return new ParquetDatasource(
        ps,
        config,
        ParquetSourceOptions.from(options),
        new Memo<>(() -> ParquetFileSet.load(ps, config, FileLister.fromOptions(config, options))),
        null,
        -1,
        null);
  }

  /**
   * The same source with parquet-mr's record path only (option {@code vectorized=false}); for
   * differential tests.
   */
  ParquetDatasource withRecordPathOnly() {
    return new ParquetDatasource(
        paths, config, options.withVectorized(false), files, columns, limit, metrics);
  }

  /** The same source adding its counters to {@code metrics}. */
  public ParquetDatasource withMetrics(ParquetReadMetrics metrics) {
    return new ParquetDatasource(paths, config, options, files, columns, limit, metrics);
  }

  @Override
  protected ParquetDatasource copy(List<String> columns, long limit) {
    return new ParquetDatasource(paths, config, options, files, columns, limit, metrics);
  }

  @Override
  protected Schema fullSchema() {
    return files.get().schema();
  }

  @Override
  protected String formatName() {
    return "Parquet";
  }

  @Override
  public String name() {
    return "ReadParquet";
  }

  @Override
  public boolean isEmpty() {
    return files.get().files().isEmpty();
  }

  /** The data files found, in read order. */
  public List<String> files() {
    return files.get().files().stream().map(f -> f.file().path()).toList();
  }

  @Override
  public List<ReadTask> planReadTasks(int parallelismHint) {
    Schema schema = schema();
    List<String> cols = schema.getFields().stream().map(Field::getName).toList();
    Map<String, String> unsupported = files.get().unsupported();
    for (String c : cols) {
      if (unsupported.containsKey(c)) {
        List<String> readable =
            files.get().schema().getFields().stream()
                .map(Field::getName)
                .filter(n -> !unsupported.containsKey(n))
                .toList();
        throw new PlanException(
            unsupported.get(c)
                + "; select the columns the job needs to leave it out"
                + " (readable columns: "
                + readable
                + ")");
      }
    }
    List<RowGroupRun> units = new ArrayList<>();
    long wanted = limit < 0 ? Long.MAX_VALUE : limit;
    long planned = 0;
    for (ParquetFileInfo f : files.get().files()) {
      for (ParquetFileInfo.RowGroup g : f.rowGroups()) {
        if (planned >= wanted) {
          break;
        }
        if (g.rows() > 0) {
          units.add(new RowGroupRun(f, g.index(), 1, g.rows(), g.bytes(cols)));
          planned += g.rows();
        }
      }
    }
    List<RowGroupRun> runs =
        units.size() > Math.max(1, parallelismHint)
            ? RowGroupRun.coalesce(units, options.minTaskBytes())
            : units;
    List<ReadTask> tasks = new ArrayList<>(runs.size());
    long before = 0;
    for (RowGroupRun r : runs) {
      long taskLimit = Math.min(r.rows(), wanted - before);
      tasks.add(
          new ParquetReadTask(
              r.file().file().path(),
              r.file().file().length(),
              r.firstRowGroup(),
              r.count(),
              r.rows(),
              taskLimit,
              r.bytes(),
              cols,
              schema,
              config,
              options,
              metrics));
      before += r.rows();
    }
    return tasks;
  }

  @Override
  protected String describePaths() {
    List<ParquetFileInfo> fs = files.get().files();
    return fs.size() == 1 ? fs.get(0).file().path() : paths.toString();
  }
}
