package io.sluice.benchmarks.peers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;

/**
 * The scan-only dataset: {@value #LONGS} int64, {@value #DOUBLES} double and {@value #STRINGS}
 * string columns (5-40 characters drawn from a small alphabet of words, so dictionary encoding
 * kicks in like in real tables), deterministic, in {@value #FILES} Snappy files of 128 MiB row
 * groups at most. Reused when already written.
 */
final class ScanDataset {

  static final int LONGS = 6;
  static final int DOUBLES = 6;
  static final int STRINGS = 4;
  static final int FILES = 4;
  private static final String[] WORDS = {
    "alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa", "lambda",
    "mu", "nu", "xi", "omicron", "pi", "rho", "sigma", "tau", "upsilon"
  };

  private ScanDataset() {}

  static MessageType schema() {
    StringBuilder sb = new StringBuilder("message scan { required int64 id;");
    for (int i = 0; i < LONGS; i++) {
      sb.append(" required int64 l").append(i).append(';');
    }
    for (int i = 0; i < DOUBLES; i++) {
      sb.append(" required double d").append(i).append(';');
    }
    for (int i = 0; i < STRINGS; i++) {
      sb.append(" optional binary s").append(i).append(" (STRING);");
    }
    return MessageTypeParser.parseMessageType(sb.append(" }").toString());
  }

  static Path ensure(Path dataDir, long rows) throws IOException {
    Path dir = dataDir.resolve("scan-" + rows);
    if (Files.exists(dir.resolve("_SUCCESS"))) {
      return dir;
    }
    GroupParquet.deleteRecursively(dir);
    Files.createDirectories(dir);
    MessageType schema = schema();
    SimpleGroupFactory factory = new SimpleGroupFactory(schema);
    SplittableRandom random = new SplittableRandom(11);
    long perFile = (rows + FILES - 1) / FILES;
    for (int f = 0; f < FILES; f++) {
      Path file = dir.resolve(String.format("part-%05d.parquet", f));
      try (ParquetWriter<Group> w =
          ExampleParquetWriter.builder(new org.apache.hadoop.fs.Path(file.toUri()))
              .withConf(new Configuration())
              .withType(schema)
              .withCompressionCodec(CompressionCodecName.SNAPPY)
              .build()) {
        for (long id = f * perFile; id < Math.min(rows, (f + 1) * perFile); id++) {
          Group g = factory.newGroup().append("id", id);
          for (int i = 0; i < LONGS; i++) {
            g.append("l" + i, i % 2 == 0 ? random.nextLong(1_000_000) : random.nextLong());
          }
          for (int i = 0; i < DOUBLES; i++) {
            g.append("d" + i, random.nextDouble() * 1000);
          }
          for (int i = 0; i < STRINGS; i++) {
            if (random.nextInt(50) != 0) {
              g.append("s" + i, text(random));
            }
          }
          w.write(g);
        }
      }
    }
    Files.createFile(dir.resolve("_SUCCESS"));
    return dir;
  }

  private static String text(SplittableRandom random) {
    StringBuilder sb = new StringBuilder();
    int target = 5 + random.nextInt(36);
    while (sb.length() < target) {
      sb.append(WORDS[random.nextInt(WORDS.length)]).append(' ');
    }
    return sb.substring(0, target);
  }
}
