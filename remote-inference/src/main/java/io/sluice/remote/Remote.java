package io.sluice.remote;

import java.net.URI;
import java.util.Arrays;
import java.util.List;

/**
 * Entry point for stages that call served models.
 *
 * <pre>{@code
 * ds.mapBatches(Remote.openAiCompatible(URI.create("http://127.0.0.1:8000/v1"), URI.create("http://127.0.0.1:8001/v1"))
 *         .model("all-MiniLM-L6-v2").embeddings("text", "embedding"),
 *     Compute.actors(1).cpus(0.5).batchSize(256))
 * }</pre>
 */
public final class Remote {

  private Remote() {}

  /**
   * OpenAI-compatible servers (vLLM data-parallel ranks, TGI, Ollama, llama.cpp, a hosted API), one
   * URI per server, with or without the trailing {@code /v1}.
   */
  public static RemoteSpec openAiCompatible(URI... endpoints) {
    return RemoteSpec.of(Arrays.asList(endpoints));
  }

  /** As {@link #openAiCompatible(URI...)}. */
  public static RemoteSpec openAiCompatible(List<URI> endpoints) {
    return RemoteSpec.of(endpoints);
  }
}
