package io.sluice.benchmarks.peers;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.ParquetWriter;

/**
 * Contender "hand-written": the no-engine bound. One thread reads the corpus with parquet-mr's
 * Group reader, collects {@code --batch} rows, tokenizes and embeds them with one ORT session
 * ({@code --threads} intra-op threads), and writes {@code (id, embedding)} with {@link
 * org.apache.parquet.hadoop.example.ExampleParquetWriter}. Nothing overlaps: read, tokenize, infer
 * and write take turns on one thread while ORT's pool waits. With {@code --window N} it buffers N
 * rows and runs them sorted by token length (the same trick as Sluice's default), so both the naive
 * and the careful program can be shown.
 */
public final class HandWritten {

  private HandWritten() {}

  public static void main(String[] argv) throws Exception {
    PeerArgs args = new PeerArgs(argv);
    Path out = Path.of(args.output());
    GroupParquet.deleteRecursively(out);
    int window = args.intValue("window", args.batch());
    long start = System.nanoTime();
    long rows = 0;
    try (EmbedCore core = new EmbedCore(args.model(), args.threads(), args.batch())) {
      Files.createDirectories(out);
      SimpleGroupFactory factory = new SimpleGroupFactory(GroupParquet.OUTPUT);
      try (ParquetWriter<Group> writer = GroupParquet.writer(out.resolve("part-00000.parquet"))) {
        List<Long> ids = new ArrayList<>(window);
        List<String> texts = new ArrayList<>(window);
        for (Path file : GroupParquet.files(args.input())) {
          try (ParquetReader<Group> reader = GroupParquet.reader(file)) {
            for (Group g = reader.read(); g != null; g = reader.read()) {
              ids.add(g.getLong("id", 0));
              texts.add(g.getFieldRepetitionCount("text") == 0 ? null : g.getString("text", 0));
              if (ids.size() == window) {
                rows += flush(core, ids, texts, window > args.batch(), writer, factory);
              }
            }
          }
        }
        rows += flush(core, ids, texts, window > args.batch(), writer, factory);
      }
    }
    Files.createFile(out.resolve("_SUCCESS"));
    ChildReport.print((System.nanoTime() - start) / 1e9, rows, Double.NaN);
  }

  private static long flush(
      EmbedCore core,
      List<Long> ids,
      List<String> texts,
      boolean sorted,
      ParquetWriter<Group> writer,
      SimpleGroupFactory factory)
      throws Exception {
    long[][] tokens = core.tokenize(texts);
    float[][] emb;
    if (sorted) {
      int[] order = EmbedCore.byLength(tokens);
      long[][] permuted = new long[tokens.length][];
      for (int i = 0; i < order.length; i++) {
        permuted[i] = tokens[order[i]];
      }
      float[][] sortedEmb = core.embedIds(permuted);
      emb = new float[tokens.length][];
      for (int i = 0; i < order.length; i++) {
        emb[order[i]] = sortedEmb[i];
      }
    } else {
      emb = core.embedIds(tokens);
    }
    for (int i = 0; i < emb.length; i++) {
      writer.write(GroupParquet.row(factory, ids.get(i), emb[i]));
    }
    int n = ids.size();
    ids.clear();
    texts.clear();
    return n;
  }
}
