package io.sluice.benchmarks.peers;

import io.sluice.benchmarks.BareOrtLoop;
import io.sluice.inference.MiniLm;
import java.util.ArrayList;
import java.util.List;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;

/**
 * Contender "ORT-only": the physical limit of the model on this box. The corpus is read and
 * tokenized before the clock starts; then {@link BareOrtLoop} runs one session ({@code --threads}
 * intra-op threads) over tensors packed in advance, in the very batches Sluice's default builds:
 * windows of {@value MiniLm#WINDOW} rows, each sorted by token length and cut into {@code --batch}
 * rows. No pooling, no output, so it has no checksum: its rate is the ceiling for the inference
 * stage ratio.
 */
public final class OrtOnly {

  private OrtOnly() {}

  public static void main(String[] argv) throws Exception {
    PeerArgs args = new PeerArgs(argv);
    List<String> texts = new ArrayList<>();
    for (var file : GroupParquet.files(args.input())) {
      try (ParquetReader<Group> reader = GroupParquet.reader(file)) {
        for (Group g = reader.read(); g != null; g = reader.read()) {
          if (g.getFieldRepetitionCount("text") > 0) {
            texts.add(g.getString("text", 0));
          }
        }
      }
    }
    List<long[]> batched = new ArrayList<>(texts.size());
    try (var tokenizer = EmbedCore.tokenizer()) {
      for (int from = 0; from < texts.size(); from += MiniLm.WINDOW) {
        List<long[]> window = new ArrayList<>();
        for (var e :
            tokenizer.batchEncode(
                texts.subList(from, Math.min(texts.size(), from + MiniLm.WINDOW)))) {
          window.add(e.getIds());
        }
        batched.addAll(BareOrtLoop.sortedByLength(window));
      }
    }
    BareOrtLoop.Result r =
        BareOrtLoop.run(
            "int8".equals(args.model()) ? MiniLm.INT8 : MiniLm.FP32,
            batched,
            args.threads(),
            args.batch(),
            0);
    ChildReport.print(r.seconds(), r.rows(), r.seconds());
  }
}
