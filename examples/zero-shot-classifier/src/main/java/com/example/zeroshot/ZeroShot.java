package com.example.zeroshot;

import io.sluice.api.Compute;
import io.sluice.api.Dataset;
import io.sluice.api.Row;
import io.sluice.api.Sluice;
import io.sluice.api.spi.WriteMode;
import io.sluice.api.spi.WriteOptions;
import io.sluice.inference.MiniLm;
import io.sluice.operators.text.Tokenize;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Zero-shot text classification with a sentence-embedding model: each label is described in a
 * sentence, the descriptions and the texts are embedded by the same MiniLM pipeline, and
 * {@link ZeroShotClassifier} (an actor UDF) picks the closest label. Reads JSON lines with
 * {@code id} and {@code text}, writes {@code (id, text, label, score)} as Parquet.
 *
 * <pre>java --add-opens=java.base/java.nio=ALL-UNNAMED -Xss4m -cp ... com.example.zeroshot.ZeroShot INPUT OUTPUT</pre>
 */
public final class ZeroShot {

  /** Label name to the sentence that describes it. */
  static final Map<String, String> LABELS = Map.of(
      "sports", "This text is about sports, games, teams and athletes.",
      "cooking", "This text is about cooking, recipes, food and kitchens.",
      "finance", "This text is about finance, money, markets and banks.",
      "weather", "This text is about the weather, rain, wind and temperature.");

  private ZeroShot() {}

  public static void main(String[] args) {
    if (args.length != 2) {
      System.err.println("usage: ZeroShot INPUT OUTPUT");
      System.exit(2);
    }
    try (Sluice sluice = Sluice.local()) {
      Map<String, float[]> labels = new LinkedHashMap<>();
      List<Map<String, String>> descriptions = LABELS.entrySet().stream()
          .map(e -> Map.of("label", e.getKey(), "text", e.getValue())).toList();
      for (Row row : embed(sluice.fromItems(descriptions)).takeAll()) {
        labels.put(row.getString("label"), row.getFloats(MiniLm.EMBEDDING));
      }

      embed(sluice.readJson(args[0]).select("id", "text"))
          .mapBatches(new ZeroShotClassifier(MiniLm.EMBEDDING, labels), Compute.actors(1))
          .select("id", "text", "label", "score")
          .writeParquet(args[1], WriteOptions.defaults().withMode(WriteMode.OVERWRITE));

      for (Row row : sluice.readParquet(args[1]).sort("id").takeAll()) {
        System.out.printf("%d\t%s\t%.3f\t%s%n", row.getLong("id"), row.getString("label"),
            row.getDouble("score"), row.getString("text"));
      }
    }
  }

  /** Tokenize (CPU tasks) and embed with the int8 MiniLM from sluice-models-minilm (one actor). */
  private static Dataset embed(Dataset texts) {
    return texts
        .mapBatches(Tokenize.huggingFace(MiniLm.TOKENIZER_INT8).textColumn("text").maxLength(MiniLm.MAX_LENGTH),
            Compute.tasks())
        .mapBatches(MiniLm.embedder(MiniLm.INT8), Compute.actors(1).cpus(2).batchSize(256));
  }
}
