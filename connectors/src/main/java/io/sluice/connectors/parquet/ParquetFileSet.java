package io.sluice.connectors.parquet;

import io.sluice.api.PlanException;
import io.sluice.api.SluiceException;
import io.sluice.connectors.fs.FileEntry;
import io.sluice.connectors.fs.FileLister;
import io.sluice.connectors.fs.FileSystems;
import io.sluice.connectors.fs.FsConfig;
import io.sluice.connectors.parquet.convert.ArrowSchemaMetadata;
import io.sluice.connectors.parquet.convert.ParquetToArrowSchema;
import io.sluice.connectors.parquet.io.CountingInputFile;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.parquet.ParquetReadOptions;
import org.apache.parquet.conf.HadoopParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.metadata.ParquetMetadata;
import org.apache.parquet.schema.MessageType;

/**
 * The files of a Parquet source with their footers, read once at planning time (in parallel, since
 * on object stores each footer is a round trip), and the one Arrow schema they all share.
 */
final class ParquetFileSet {

  private static final int FOOTER_THREADS = 8;

  private final List<ParquetFileInfo> files;
  private final Schema schema;
  private final Map<String, String> unsupported;

  private ParquetFileSet(
      List<ParquetFileInfo> files, Schema schema, Map<String, String> unsupported) {
    this.files = files;
    this.schema = schema;
    this.unsupported = unsupported;
  }

  List<ParquetFileInfo> files() {
    return files;
  }

  Schema schema() {
    return schema;
  }

  /**
   * Columns some file holds in a type the reader cannot decode, with a message naming the file,
   * column and type. They are in {@link #schema()} as null-type placeholders, so a projection can
   * name and leave them out; reading one fails.
   */
  Map<String, String> unsupported() {
    return unsupported;
  }

  /**
   * Lists {@code paths} and reads every footer.
   *
   * @throws PlanException naming the path or file at fault: missing path, no files, a file that is
   *     not Parquet or is truncated, a schema that conflicts with the first file's
   */
  static ParquetFileSet load(List<String> paths, FsConfig config, FileLister lister) {
    List<FileEntry> entries = lister.list(paths);
    if (entries.isEmpty()) { // an existing but empty directory: a dataset of no rows
      return new ParquetFileSet(List.of(), new Schema(List.of()), Map.of());
    }
    List<ParquetFileInfo> infos = readFooters(entries, config);
    Schema merged = infos.get(0).arrowSchema();
    for (ParquetFileInfo f : infos.subList(1, infos.size())) {
      Schema next = SchemaMerge.merge(merged, f.arrowSchema());
      if (next == null) {
        throw new PlanException(
            "Parquet file "
                + f.file().path()
                + " has a schema incompatible with "
                + infos.get(0).file().path()
                + ": "
                + f.arrowSchema()
                + " vs "
                + infos.get(0).arrowSchema());
      }
      merged = next;
    }
    Map<String, String> unsupported = new LinkedHashMap<>();
    for (ParquetFileInfo f : infos) {
      f.unsupported()
          .forEach(
              (column, why) ->
                  unsupported.putIfAbsent(column, "file " + f.file().path() + ": " + why));
    }
    return new ParquetFileSet(infos, merged, Map.copyOf(unsupported));
  }

  private static List<ParquetFileInfo> readFooters(List<FileEntry> entries, FsConfig config) {
    if (entries.size() == 1) {
      return List.of(readFooter(entries.get(0), config));
    }
    ExecutorService pool =
        Executors.newFixedThreadPool(
            Math.min(FOOTER_THREADS, entries.size()),
            r -> {
              Thread t = new Thread(r, "sluice-parquet-footers");
              t.setDaemon(true);
              return t;
            });
    try {
      List<Future<ParquetFileInfo>> futures = new ArrayList<>();
      for (FileEntry e : entries) {
        futures.add(pool.submit(() -> readFooter(e, config)));
      }
      List<ParquetFileInfo> out = new ArrayList<>();
      for (Future<ParquetFileInfo> f : futures) {
        out.add(f.get());
      }
      return out;
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException re) {
        throw re;
      }
      throw new SluiceException("reading Parquet footers failed", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SluiceException("interrupted while reading Parquet footers", e);
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * No Hadoop configuration: a default one parses Hadoop's XML resources again for every footer.
   */
  private static final ParquetReadOptions FOOTER_OPTIONS =
      ParquetReadOptions.builder(new HadoopParquetConfiguration(new Configuration(false))).build();

  static ParquetFileInfo readFooter(FileEntry file, FsConfig config) {
    if (file.length() == 0) {
      throw new PlanException("file " + file.path() + " is empty (0 bytes), not a Parquet file");
    }
    ParquetMetadata footer;
    Path path = new Path(file.path());
    try (ParquetFileReader r =
        ParquetFileReader.open(
            new CountingInputFile(FileSystems.get(path, config), path, file.length(), n -> {}),
            FOOTER_OPTIONS)) {
      footer = r.getFooter();
    } catch (Exception e) {
      throw new PlanException(
          "file "
              + file.path()
              + " is not a readable Parquet file (not Parquet, truncated or"
              + " corrupt footer): "
              + e.getMessage(),
          e);
    }
    MessageType parquet = footer.getFileMetaData().getSchema();
    Schema hint = ArrowSchemaMetadata.decode(footer.getFileMetaData().getKeyValueMetaData());
    ParquetToArrowSchema.Columns columns = ParquetToArrowSchema.convertColumns(parquet, hint);
    List<ParquetFileInfo.RowGroup> groups = new ArrayList<>();
    long firstRow = 0;
    List<BlockMetaData> blocks = footer.getBlocks();
    for (int i = 0; i < blocks.size(); i++) {
      BlockMetaData b = blocks.get(i);
      Map<String, Long> bytes = new HashMap<>();
      for (ColumnChunkMetaData c : b.getColumns()) {
        bytes.merge(c.getPath().toArray()[0], c.getTotalUncompressedSize(), Long::sum);
      }
      groups.add(new ParquetFileInfo.RowGroup(i, firstRow, b.getRowCount(), Map.copyOf(bytes)));
      firstRow += b.getRowCount();
    }
    return new ParquetFileInfo(
        file, parquet, columns.schema(), columns.unsupported(), List.copyOf(groups));
  }
}
