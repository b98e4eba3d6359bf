package io.sluice.api;

import io.sluice.api.format.CsvOptions;
import io.sluice.api.format.FileOptions;
import io.sluice.api.format.JsonOptions;
import io.sluice.api.plan.ReadNode;
import io.sluice.api.source.ItemsSource;
import io.sluice.api.source.RangeSource;
import io.sluice.api.spi.Datasource;
import io.sluice.api.spi.ExecutionBackend;
import io.sluice.api.spi.ExecutionBackendFactory;
import io.sluice.api.spi.FormatProvider;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/**
 * Entry point: where datasets come from and which engine runs them. {@code Sluice.local()} uses the
 * embedded streaming executor; the same program runs on a cluster by starting from another backend.
 *
 * <pre>{@code
 * try (Sluice sluice = Sluice.local()) {
 *   sluice.readParquet("data/").select("id", "text").map(...).writeParquet("out/");
 * }
 * }</pre>
 *
 * <p>Thread-safe; datasets from one {@code Sluice} may run concurrently. Close it after every job
 * and iterator is done: closing fails loudly if Arrow memory leaked.
 */
public final class Sluice implements AutoCloseable {

  private final ExecutionBackend backend;
  private final List<AutoCloseable> resources = new CopyOnWriteArrayList<>();

  private Sluice(ExecutionBackend backend) {
    this.backend = backend;
  }

  /** The embedded executor with default options. */
  public static Sluice local() {
    return local(ExecutionOptions.defaults());
  }

  /** The embedded executor. */
  public static Sluice local(ExecutionOptions options) {
    return backend("local", options);
  }

  /** A backend found by name through {@link ServiceLoader} ({@code local}, {@code flink}...). */
  public static Sluice backend(String name, ExecutionOptions options) {
    for (ExecutionBackendFactory f : ServiceLoader.load(ExecutionBackendFactory.class)) {
      if (f.name().equals(name)) {
        return new Sluice(f.create(options));
      }
    }
    throw new SluiceException(
        "no execution backend named '"
            + name
            + "' on the classpath; add the module"
            + " that provides it (sluice-executor provides 'local')");
  }

  /** Wraps an already created backend. */
  public static Sluice on(ExecutionBackend backend) {
    return new Sluice(backend);
  }

  /**
   * The backend's options, with the auto resources it resolves filled in (see {@link
   * ExecutionBackend#options()}).
   */
  public ExecutionOptions options() {
    return backend.options();
  }

  /** The backend running this session's jobs. */
  public ExecutionBackend backend() {
    return backend;
  }

  /** Reads any source. */
  public Dataset read(Datasource source) {
    return new Dataset(this, new ReadNode(source));
  }

  /** Reads Parquet files, directories (recursively) or globs, through Hadoop's FileSystem. */
  public Dataset readParquet(String... paths) {
    return read("parquet", Arrays.asList(paths), Map.of());
  }

  /** Reads CSV files, directories (recursively) or globs with a header row and inferred types. */
  public Dataset readCsv(String... paths) {
    return readCsv(CsvOptions.defaults(), paths);
  }

  public Dataset readCsv(CsvOptions options, String... paths) {
    return read("csv", Arrays.asList(paths), options.toMap());
  }

  /** Reads JSON Lines files (one object per line) with an inferred schema. */
  public Dataset readJson(String... paths) {
    return readJson(JsonOptions.defaults(), paths);
  }

  public Dataset readJson(JsonOptions options, String... paths) {
    return read("json", Arrays.asList(paths), options.toMap());
  }

  /** Reads text files, one row per line, in column {@code text}. */
  public Dataset readText(String... paths) {
    return readText(FileOptions.defaults(), paths);
  }

  public Dataset readText(FileOptions options, String... paths) {
    return read("text", Arrays.asList(paths), options.toMap());
  }

  /** Reads whole files, one row each: {@code path}, {@code size}, {@code bytes}. */
  public Dataset readBinaryFiles(String... paths) {
    return readBinaryFiles(FileOptions.defaults(), paths);
  }

  public Dataset readBinaryFiles(FileOptions options, String... paths) {
    return read("binary", Arrays.asList(paths), options.toMap());
  }

  /**
   * Reads files of a format whose {@link FormatProvider} is on the classpath, with its options by
   * name: the SPI path the typed readers above take.
   */
  public Dataset read(String format, List<String> paths, Map<String, String> options) {
    if (paths.isEmpty()) {
      throw new PlanException("read " + format + ": no paths given");
    }
    return read(format(format).source(paths, options));
  }

  /**
   * A dataset of in-memory items: {@link Row}s and {@code Map<String, ?>}s become rows with their
   * columns; any other value becomes a row with one column, {@code item}. Types are inferred from
   * the values (see {@link Row}).
   */
  public Dataset fromItems(List<?> items) {
    return read(new ItemsSource(items, splits()));
  }

  /** Rows {@code id = 0 .. n-1} (int64). */
  public Dataset range(long n) {
    return read(new RangeSource(n, splits()));
  }

  /** One split per CPU slot the backend resolved; one if it leaves them auto. */
  private int splits() {
    return options().resources().cpuSlots().orElse(1);
  }

  /** Finds a format provider by name. */
  public static FormatProvider format(String name) {
    for (FormatProvider p : ServiceLoader.load(FormatProvider.class)) {
      if (p.format().equalsIgnoreCase(name)) {
        return p;
      }
    }
    String known =
        ServiceLoader.load(FormatProvider.class).stream()
            .map(pr -> pr.get().format())
            .collect(Collectors.joining(", "));
    throw new PlanException(
        "no format '"
            + name
            + "' on the classpath (known: ["
            + known
            + "]); add sluice-connectors");
  }

  /** Keeps {@code resource} (materialized blocks) until this session closes. */
  void register(AutoCloseable resource) {
    resources.add(resource);
  }

  /** Releases materialized datasets, then the backend (which fails if Arrow memory leaked). */
  @Override
  public void close() {
    RuntimeException first = null;
    for (AutoCloseable r : resources) {
      try {
        r.close();
      } catch (Exception e) {
        if (first == null) {
          first = new SluiceException("closing a materialized dataset failed", e);
        }
      }
    }
    resources.clear();
    backend.close();
    if (first != null) {
      throw first;
    }
  }
}
