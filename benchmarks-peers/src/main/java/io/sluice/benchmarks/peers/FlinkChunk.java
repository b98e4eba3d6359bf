package io.sluice.benchmarks.peers;

/**
 * A run of up to one model batch of rows travelling between the Flink operators (a Flink POJO): ids
 * and texts on the way in, ids and embeddings on the way out.
 */
public class FlinkChunk {
  public long[] ids;
  public String[] texts;
  public float[][] embeddings;

  public FlinkChunk() {}

  FlinkChunk(long[] ids, String[] texts) {
    this.ids = ids;
    this.texts = texts;
  }
}
