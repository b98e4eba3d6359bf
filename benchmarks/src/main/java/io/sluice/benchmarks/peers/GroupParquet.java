package io.sluice.benchmarks.peers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;

/**
 * Plain parquet-mr through its example {@link Group} API: the reader and writer an engine-free
 * program uses. The output schema is the standard three-level LIST, which Spark, DuckDB and Sluice
 * all read.
 */
public final class GroupParquet {

  /** {@code (id, embedding float[384])}, what every contender writes. */
  public static final MessageType OUTPUT =
      MessageTypeParser.parseMessageType(
          "message embeddings { required int64 id; optional group embedding (LIST) {"
              + " repeated group list { required float element; } } }");

  private GroupParquet() {}

  /**
   * The data files of a dataset directory (or the file itself), in name order; hidden files
   * skipped.
   */
  public static List<Path> files(String dir) {
    Path p = Path.of(dir);
    if (Files.isRegularFile(p)) {
      return List.of(p);
    }
    try (Stream<Path> s = Files.walk(p)) {
      return s.filter(Files::isRegularFile)
          .filter(f -> f.getFileName().toString().endsWith(".parquet"))
          .filter(
              f ->
                  !f.getFileName().toString().startsWith("_")
                      && !f.getFileName().toString().startsWith("."))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static ParquetReader<Group> reader(Path file) throws IOException {
    return ParquetReader.builder(
            new GroupReadSupport(), new org.apache.hadoop.fs.Path(file.toUri()))
        .withConf(new Configuration())
        .build();
  }

  public static ParquetWriter<Group> writer(Path file) throws IOException {
    return ExampleParquetWriter.builder(new org.apache.hadoop.fs.Path(file.toUri()))
        .withConf(new Configuration())
        .withType(OUTPUT)
        .withCompressionCodec(CompressionCodecName.SNAPPY)
        .build();
  }

  /** One output row; a null embedding is written as a null list. */
  public static Group row(SimpleGroupFactory factory, long id, float[] embedding) {
    Group g = factory.newGroup().append("id", id);
    if (embedding != null) {
      Group list = g.addGroup("embedding");
      for (float v : embedding) {
        list.addGroup("list").append("element", v);
      }
    }
    return g;
  }

  /** Deletes {@code dir} and everything under it, if present. */
  public static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(x -> x.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
