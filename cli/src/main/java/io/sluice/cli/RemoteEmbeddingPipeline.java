package io.sluice.cli;

import io.sluice.api.Compute;
import io.sluice.api.Dataset;
import io.sluice.api.Sluice;
import io.sluice.remote.Remote;
import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * The demo's job with the model served elsewhere: Parquet {@code (id, text)} -> the remote stage's
 * {@code /v1/embeddings} over OpenAI-compatible servers (one actor without a GPU, its requests
 * spread over the servers) -> {@code (id, text, embedding)}, the same columns as {@link
 * EmbeddingPipeline}.
 *
 * @param endpoints one URI per server, e.g. {@code http://127.0.0.1:8000/v1}
 * @param model the {@code model} field of the requests
 * @param concurrency requests in flight per server
 * @param batchSize rows per actor call
 */
public record RemoteEmbeddingPipeline(
    List<URI> endpoints, String model, int concurrency, int batchSize) {

  /** Name prefix the remote operator carries in {@link io.sluice.api.JobStats}. */
  public static final String OPERATOR_PREFIX = "Remote(";

  public RemoteEmbeddingPipeline {
    endpoints = List.copyOf(endpoints);
    if (concurrency < 1 || batchSize < 1) {
      throw new IllegalArgumentException("concurrency and batch size must be >= 1");
    }
  }

  /** The embedding dataset over the Parquet at {@code input}; lazy, runs when consumed. */
  public Dataset build(Sluice sluice, String input, Map<String, String> fsOptions) {
    return sluice
        .read("parquet", List.of(input), fsOptions)
        .select("id", "text")
        .mapBatches(
            Remote.openAiCompatible(endpoints)
                .model(model)
                .maxConcurrentRequests(concurrency)
                .embeddings("text", "embedding"),
            Compute.actors(1).cpus(0).batchSize(batchSize));
  }
}
