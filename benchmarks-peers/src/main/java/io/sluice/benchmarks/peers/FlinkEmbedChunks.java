package io.sluice.benchmarks.peers;

import java.util.Arrays;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;

/**
 * Embeds a chunk with one ORT session per subtask, opened in {@code open()} and closed in {@code
 * close()}.
 */
final class FlinkEmbedChunks extends RichMapFunction<FlinkChunk, FlinkChunk> {

  private final String model;
  private final int threads;
  private final int batch;
  private transient EmbedCore core;

  FlinkEmbedChunks(String model, int threads, int batch) {
    this.model = model;
    this.threads = threads;
    this.batch = batch;
  }

  @Override
  public void open(OpenContext context) {
    core = new EmbedCore(model, threads, batch);
  }

  @Override
  public FlinkChunk map(FlinkChunk in) {
    FlinkChunk out = new FlinkChunk(in.ids, null);
    out.embeddings = core.embed(Arrays.asList(in.texts));
    return out;
  }

  @Override
  public void close() {
    if (core != null) {
      core.close();
    }
  }
}
