package com.example.nightly;

import io.sluice.api.Compute;
import io.sluice.api.Sluice;
import io.sluice.api.spi.WriteMode;
import io.sluice.api.spi.WriteOptions;
import io.sluice.api.spi.WriteResult;
import io.sluice.inference.Batching;
import io.sluice.inference.Onnx;
import io.sluice.inference.OnnxModelSpec;
import io.sluice.operators.text.Tokenize;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * A nightly job as a plain driver {@code main}: embeds the day's documents (JSON lines with
 * {@code id} and {@code text} under {@code INPUT/dt=DATE/}) with a sentence-transformers ONNX model
 * you keep yourself, and writes {@code (id, text, embedding float[384])} as Parquet to
 * {@code OUTPUT/dt=DATE/}. Re-running a date replaces that date's output atomically.
 *
 * <pre>java --add-opens=java.base/java.nio=ALL-UNNAMED -Xss4m -cp ... com.example.nightly.NightlyEmbedding \
 *     INPUT OUTPUT DATE MODEL.onnx TOKENIZER.json</pre>
 */
public final class NightlyEmbedding {

  private NightlyEmbedding() {}

  public static void main(String[] args) {
    if (args.length != 5) {
      System.err.println("usage: NightlyEmbedding INPUT OUTPUT DATE(yyyy-mm-dd) MODEL.onnx TOKENIZER.json");
      System.exit(2);
    }
    LocalDate date;
    try {
      date = LocalDate.parse(args[2]);
    } catch (DateTimeParseException e) {
      System.err.println("DATE must be yyyy-mm-dd, got '" + args[2] + "'");
      System.exit(2);
      return;
    }
    String input = args[0] + "/dt=" + date;
    String output = args[1] + "/dt=" + date;
    Path model = Path.of(args[3]);
    Path tokenizer = Path.of(args[4]);
    for (Path p : List.of(model, tokenizer)) {
      if (!Files.isRegularFile(p)) {
        System.err.println("no such file: " + p);
        System.exit(2);
      }
    }

    // all-MiniLM-L6-v2's graph: three int64 inputs, last_hidden_state out; mean pooling over the
    // attention mask and L2 normalisation run inside the model's actor.
    OnnxModelSpec embedder = Onnx.model(model)
        .batching(Batching.lengthAware(64))
        .input("input_ids", Tokenize.INPUT_IDS)
        .input("attention_mask", Tokenize.ATTENTION_MASK)
        .input("token_type_ids", Tokenize.TOKEN_TYPE_IDS)
        .poolingMask("attention_mask")
        .meanPooled("last_hidden_state", "embedding");

    try (Sluice sluice = Sluice.local()) {
      WriteResult result = sluice.readJson(input)
          .select("id", "text")
          .mapBatches(Tokenize.huggingFace(tokenizer).textColumn("text").maxLength(256), Compute.tasks())
          .mapBatches(embedder, Compute.actors(1).cpus(2).batchSize(1024))
          .select("id", "text", "embedding")
          .writeParquet(output, WriteOptions.defaults().withMode(WriteMode.OVERWRITE));
      System.out.println("nightly-embedding " + date + ": wrote " + result.rows() + " rows in "
          + result.files().size() + " file(s) to " + result.destination());

      // A nightly job checks what it published before it reports success.
      long nonNull = sluice.readParquet(output)
          .filter(row -> row.get("embedding") != null && row.getFloats("embedding").length == 384)
          .count();
      System.out.println("nightly-embedding " + date + ": " + nonNull + " rows with a 384-dim embedding");
    }
  }
}
