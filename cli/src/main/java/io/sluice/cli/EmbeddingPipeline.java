package io.sluice.cli;

import io.sluice.api.Compute;
import io.sluice.api.Dataset;
import io.sluice.api.Sluice;
import io.sluice.inference.MiniLm;
import io.sluice.inference.ModelSource;
import java.util.List;
import java.util.Map;

/**
 * The README's main job, shared by {@code sluice demo} and the benchmarks: read {@code (id, text)}
 * from Parquet, tokenize on the CPU pool, run all-MiniLM-L6-v2 on an actor pool (one ORT session
 * per actor, mean pooling and L2 normalisation fused into the model spec), keep {@code (id, text,
 * embedding float[384])}. Null texts give null embeddings.
 *
 * @param model the ONNX model (fp32 or int8 MiniLM)
 * @param actors actors in the pool, each holding one session
 * @param cpusPerActor CPU slots per actor; also its ORT intra-op threads
 * @param batchSize rows per model call
 * @param window rows per actor call; each window is sorted by token length before it is cut into
 *     model batches (less padding), and its rows come back in their original order
 */
public record EmbeddingPipeline(
    ModelSource model, int actors, double cpusPerActor, int batchSize, int window) {

  /** Name the inference operator carries in {@link io.sluice.api.JobStats}. */
  public static final String INFERENCE_OPERATOR_PREFIX = "Onnx(";

  public EmbeddingPipeline {
    if (actors < 1) {
      throw new IllegalArgumentException("actors must be >= 1, got " + actors);
    }
    if (batchSize < 1) {
      throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
    }
    if (window < batchSize) {
      throw new IllegalArgumentException(
          "window (" + window + ") must be >= batch size (" + batchSize + ")");
    }
  }

  /** The embedding dataset over the Parquet at {@code input}; lazy, runs when consumed. */
  public Dataset build(Sluice sluice, String input) {
    return build(sluice, input, Map.of());
  }

  /** As {@link #build(Sluice, String)}, with file-system settings (S3 endpoint...) for the read. */
  public Dataset build(Sluice sluice, String input, Map<String, String> fsOptions) {
    return sluice
        .read("parquet", List.of(input), fsOptions)
        .select("id", "text")
        .mapBatches(MiniLm.tokenizer("text"), Compute.tasks())
        .mapBatches(
            MiniLm.embedder(model).modelBatchSize(batchSize),
            Compute.actors(actors).cpus(cpusPerActor).batchSize(window))
        .select("id", "text", MiniLm.EMBEDDING);
  }
}
