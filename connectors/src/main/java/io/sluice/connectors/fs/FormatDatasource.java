package io.sluice.connectors.fs;

import io.sluice.api.PlanException;
import io.sluice.api.spi.Datasource;
import io.sluice.api.spi.ReadTask;
import io.sluice.api.spi.SupportsLimit;
import io.sluice.api.spi.SupportsProjection;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.hadoop.fs.Path;

/**
 * Files of a row-oriented {@link RowFormat} (files, directories, globs, on any Hadoop file system),
 * read through the shared machinery: listing (manifest-aware, see {@link FileLister}), one task per
 * file or, for uncompressed files of a splittable format, per {@code splitBytes} line range,
 * decompression by extension, projection and limit.
 *
 * <p>Options: {@code splitBytes} (default 64 MiB), {@code maxBatchRows} (default 65536),
 * {@code listingCacheSeconds}, and {@code fs.*} / {@code hadoop.*} Hadoop settings. Immutable; the
 * listing and the schema are computed once, on first use, and shared by derived sources.
 */
public final class FormatDatasource implements SupportsProjection, SupportsLimit {

  private final String name;
  private final List<String> paths;
  private final FsConfig config;
  private final RowFormat format;
  private final long splitBytes;
  private final int maxBatchRows;
  private final Supplier<Planned> planned;
  private final List<String> columns; // null: all
  private final long limit; // < 0: none

  private record Planned(List<FileEntry> files, Schema schema) {}

  private FormatDatasource(String name, List<String> paths, FsConfig config, RowFormat format, long splitBytes,
      int maxBatchRows, Supplier<Planned> planned, List<String> columns, long limit) {
    this.name = name;
    this.paths = paths;
    this.config = config;
    this.format = format;
    this.splitBytes = splitBytes;
    this.maxBatchRows = maxBatchRows;
    this.planned = planned;
    this.columns = columns;
    this.limit = limit;
  }

  /** A source of {@code format} over {@code paths}, with the shared options described above. */
  public static FormatDatasource create(String name, RowFormat format, List<String> paths, Map<String, String> options) {
    if (paths.isEmpty()) {
      throw new PlanException("read " + format.name() + ": no paths given");
    }
    FsConfig config = FsConfig.fromOptions(options);
    FileLister lister = FileLister.fromOptions(config, options);
    List<String> ps = List.copyOf(paths);
    Supplier<Planned> planned = memo(() -> {
      List<FileEntry> files = lister.list(ps);
      if (files.isEmpty()) {
        throw new PlanException("no " + format.name() + " files found under " + ps);
      }
      try {
        return new Planned(files, format.schema(files, f -> openWhole(config, f)));
      } catch (IOException e) {
        throw new UncheckedIOException("reading a sample of " + format.name() + " files " + ps + " failed: "
            + e.getMessage(), e);
      }
    });
    long split = Options.positiveLong(options, "splitBytes", 64L << 20);
    long rows = Options.positiveLong(options, "maxBatchRows", 65536);
    return new FormatDatasource(name, ps, config, format, split, (int) Math.min(rows, Integer.MAX_VALUE / 2), planned,
        null, -1);
  }

  static InputStream openWhole(FsConfig config, FileEntry f) throws IOException {
    Path p = new Path(f.path());
    InputStream in = FileSystems.get(p, config).open(p);
    try {
      return Compression.forPath(f.path()).decompress(in);
    } catch (IOException | RuntimeException e) {
      in.close();
      throw new IOException("cannot open " + f.path() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Schema schema() {
    Schema all = planned.get().schema();
    if (columns == null) {
      return all;
    }
    List<Field> out = new ArrayList<>();
    for (String c : columns) {
      out.add(all.findField(c));
    }
    return new Schema(out);
  }

  /** The files found, in read order. */
  public List<String> files() {
    return planned.get().files().stream().map(FileEntry::path).toList();
  }

  @Override
  public FormatDatasource withColumns(List<String> selected) {
    Schema all = schema();
    Set<String> seen = new HashSet<>();
    for (String c : selected) {
      if (all.getFields().stream().noneMatch(f -> f.getName().equals(c))) {
        throw new PlanException("column '" + c + "' does not exist in " + format.name() + " " + paths
            + "; available columns: " + all.getFields().stream().map(Field::getName).toList());
      }
      if (!seen.add(c)) {
        throw new PlanException("column '" + c + "' selected twice");
      }
    }
    return new FormatDatasource(name, paths, config, format, splitBytes, maxBatchRows, planned, List.copyOf(selected),
        limit);
  }

  @Override
  public FormatDatasource withLimit(long rows) {
    if (rows < 0) {
      throw new PlanException("limit must be >= 0, got " + rows);
    }
    long l = limit < 0 ? rows : Math.min(limit, rows);
    return new FormatDatasource(name, paths, config, format, splitBytes, maxBatchRows, planned, columns, l);
  }

  @Override
  public List<ReadTask> planReadTasks(int parallelismHint) {
    Planned p = planned.get();
    Schema full = p.schema();
    Schema out = schema();
    List<ReadTask> tasks = new ArrayList<>();
    for (FileEntry f : p.files()) {
      boolean split = format.splittable() && Compression.forPath(f.path()) == Compression.NONE
          && f.length() > splitBytes;
      if (!split) {
        tasks.add(new FormatReadTask(new FileSplit(f.path(), f.length(), 0, f.length()), format, full, out, config,
            maxBatchRows, limit));
        continue;
      }
      for (long start = 0; start < f.length(); start += splitBytes) {
        long len = Math.min(splitBytes, f.length() - start);
        tasks.add(new FormatReadTask(new FileSplit(f.path(), f.length(), start, len), format, full, out, config,
            maxBatchRows, limit));
      }
    }
    return tasks;
  }

  @Override
  public String toString() {
    return format.name() + "(" + paths + (columns == null ? "" : ", columns=" + columns)
        + (limit < 0 ? "" : ", limit=" + limit) + ")";
  }

  private static <T> Supplier<T> memo(Supplier<T> s) {
    return new Supplier<>() {
      private volatile T value;

      @Override
      public synchronized T get() {
        if (value == null) {
          value = s.get();
        }
        return value;
      }
    };
  }
}
