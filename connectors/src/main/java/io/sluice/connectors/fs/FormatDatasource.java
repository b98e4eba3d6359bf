package io.sluice.connectors.fs;

import io.sluice.api.PlanException;
import io.sluice.api.spi.ReadTask;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.hadoop.fs.Path;

/**
 * Files of a row-oriented {@link RowFormat} (files, directories, globs, on any Hadoop file system),
 * read through the shared machinery: listing (manifest-aware, see {@link FileLister}), one task per
 * file or, for uncompressed files of a splittable format, per {@code splitBytes} line range,
 * decompression by extension, projection and limit.
 *
 * <p>Options: {@code splitBytes} (default 64 MiB), {@code maxBatchRows} (default 65536), {@code
 * listingCacheSeconds}, and {@code fs.*} / {@code hadoop.*} Hadoop settings. Immutable; the listing
 * and the schema are computed once, on first use, and shared by derived sources.
 */
public final class FormatDatasource extends FileDatasource<FormatDatasource> {

  private final String name;
  private final RowFormat format;
  private final long splitBytes;
  private final int maxBatchRows;
  private final Memo<Planned> planned;

  private record Planned(List<FileEntry> files, Schema schema) {}

  private FormatDatasource(
      String name,
      List<String> paths,
      FsConfig config,
      RowFormat format,
      long splitBytes,
      int maxBatchRows,
      Memo<Planned> planned,
      List<String> columns,
      long limit) {
    super(paths, config, columns, limit);
    this.name = name;
    this.format = format;
    this.splitBytes = splitBytes;
    this.maxBatchRows = maxBatchRows;
    this.planned = planned;
  }

  /** A source of {@code format} over {@code paths}, with the shared options described above. */
  public static FormatDatasource create(
      String name, RowFormat format, List<String> paths, Map<String, String> options) {
    if (paths.isEmpty()) {
      throw new PlanException("read " + format.name() + ": no paths given");
    }
    FsConfig config = FsConfig.fromOptions(options);
    FileLister lister = FileLister.fromOptions(config, options);
    List<String> ps = List.copyOf(paths);
    Memo<Planned> planned =
        new Memo<>(
            () -> {
              List<FileEntry> files = lister.list(ps);
              if (files.isEmpty()) {
                throw new PlanException("no " + format.name() + " files found under " + ps);
              }
              try {
                return new Planned(files, format.schema(files, f -> openWhole(config, f)));
              } catch (IOException e) {
                throw new UncheckedIOException(
                    "reading a sample of "
                        + format.name()
                        + " files "
                        + ps
                        + " failed: "
                        + e.getMessage(),
                    e);
              }
            });
    long split = Options.positiveLong(options, "splitBytes", 64L << 20);
    long rows = Options.positiveLong(options, "maxBatchRows", 65536);
    return new FormatDatasource(
        name,
        ps,
        config,
        format,
        split,
        (int) Math.min(rows, Integer.MAX_VALUE / 2),
        planned,
        null,
        -1);
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
  protected Schema fullSchema() {
    return planned.get().schema();
  }

  @Override
  protected String formatName() {
    return format.name();
  }

  @Override
  protected FormatDatasource copy(List<String> columns, long limit) {
    return new FormatDatasource(
        name, paths, config, format, splitBytes, maxBatchRows, planned, columns, limit);
  }

  /** The files found, in read order. */
  public List<String> files() {
    return planned.get().files().stream().map(FileEntry::path).toList();
  }

  @Override
  public List<ReadTask> planReadTasks(int parallelismHint) {
    Planned p = planned.get();
    Schema full = p.schema();
    Schema out = schema();
    List<ReadTask> tasks = new ArrayList<>();
    for (FileEntry f : p.files()) {
      boolean split =
          format.splittable()
              && Compression.forPath(f.path()) == Compression.NONE
              && f.length() > splitBytes;
      if (!split) {
        tasks.add(
            new FormatReadTask(
                new FileSplit(f.path(), f.length(), 0, f.length()),
                format,
                full,
                out,
                config,
                maxBatchRows,
                limit));
        continue;
      }
      for (long start = 0; start < f.length(); start += splitBytes) {
        long len = Math.min(splitBytes, f.length() - start);
        tasks.add(
            new FormatReadTask(
                new FileSplit(f.path(), f.length(), start, len),
                format,
                full,
                out,
                config,
                maxBatchRows,
                limit));
      }
    }
    return tasks;
  }
}
