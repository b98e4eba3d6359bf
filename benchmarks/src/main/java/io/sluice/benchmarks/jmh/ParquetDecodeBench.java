package io.sluice.benchmarks.jmh;

import io.sluice.api.spi.BatchReader;
import io.sluice.api.spi.ReadTask;
import io.sluice.connectors.parquet.ParquetDatasource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Parquet -> Arrow decode per column type, through connectors' read task (the path every {@code
 * readParquet} job takes, minus the scheduler): one file of {@value #ROWS} rows holding a single
 * column of the type. Score: files decoded per second; rows/s = score x {@value #ROWS}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ParquetDecodeBench {

  static final int ROWS = 100_000;

  @Param({"int64", "double", "string", "dict_string", "list_float"})
  public String type;

  private Path dir;
  private ReadTask task;
  private BufferAllocator allocator;

  @Setup(Level.Trial)
  public void setup() throws Exception {
    dir = Files.createTempDirectory("sluice-jmh-decode");
    Path file = dir.resolve(type + ".parquet");
    MessageType schema =
        MessageTypeParser.parseMessageType(
            switch (type) {
              case "int64" -> "message m { optional int64 v; }";
              case "double" -> "message m { optional double v; }";
              case "string", "dict_string" -> "message m { optional binary v (STRING); }";
              default ->
                  "message m { optional group v (LIST) { repeated group list { required float element; } } }";
            });
    int rows = type.equals("list_float") ? ROWS / 100 : ROWS;
    SimpleGroupFactory f = new SimpleGroupFactory(schema);
    SplittableRandom random = new SplittableRandom(5);
    try (ParquetWriter<Group> w =
        ExampleParquetWriter.builder(new org.apache.hadoop.fs.Path(file.toUri()))
            .withConf(new Configuration())
            .withType(schema)
            .withCompressionCodec(CompressionCodecName.SNAPPY)
            .withDictionaryEncoding(type.equals("dict_string"))
            .build()) {
      for (int r = 0; r < rows; r++) {
        Group g = f.newGroup();
        switch (type) {
          case "int64" -> g.append("v", random.nextLong());
          case "double" -> g.append("v", random.nextDouble());
          case "string" -> g.append("v", Long.toHexString(random.nextLong()) + "-" + r);
          case "dict_string" -> g.append("v", "category-" + random.nextInt(100));
          default -> {
            Group list = g.addGroup("v");
            for (int i = 0; i < 384; i++) {
              list.addGroup("list").append("element", (float) random.nextDouble());
            }
          }
        }
        w.write(g);
      }
    }
    task = ParquetDatasource.of(file.toString()).planReadTasks(1).get(0);
    allocator = new RootAllocator();
  }

  @Benchmark
  public long decode() throws Exception {
    long rows = 0;
    try (BatchReader reader = task.open(allocator, 8L << 20)) {
      for (VectorSchemaRoot b = reader.next(); b != null; b = reader.next()) {
        rows += b.getRowCount();
        b.close();
      }
    }
    return rows;
  }

  @TearDown(Level.Trial)
  public void tearDown() throws Exception {
    allocator.close();
    try (var s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
