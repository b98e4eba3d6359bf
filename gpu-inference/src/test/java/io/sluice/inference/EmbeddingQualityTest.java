package io.sluice.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.sluice.operators.vector.PoolingMath;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;

/** Semantic sanity, batch-size invariance and null handling of the embedding pipeline. */
class EmbeddingQualityTest {

  @Test
  void paraphrasesScoreHigherThanUnrelatedPairs() throws Exception {
    List<String> texts =
        List.of(
            "A man is playing a guitar.", "Someone is strumming a guitar.",
            "How do I reset my password?", "I forgot my password and need to change it.",
            "The stock market fell sharply today.", "Kittens love to chase balls of yarn.");
    try (BufferAllocator allocator = new RootAllocator()) {
      List<float[]> v = Pipelines.embed(allocator, MiniLm.embedder(MiniLm.INT8), texts, 8);
      double para1 = PoolingMath.cosine(v.get(0), v.get(1));
      double para2 = PoolingMath.cosine(v.get(2), v.get(3));
      double[] unrelated = {
        PoolingMath.cosine(v.get(0), v.get(4)), PoolingMath.cosine(v.get(1), v.get(5)),
        PoolingMath.cosine(v.get(2), v.get(5)), PoolingMath.cosine(v.get(3), v.get(4))
      };
      double maxUnrelated = Arrays.stream(unrelated).max().orElseThrow();
      assertThat(para1).isGreaterThan(maxUnrelated + 0.2);
      assertThat(para2).isGreaterThan(maxUnrelated + 0.2);
    }
  }

  /**
   * fp32, because the int8 graph quantises activations with one scale per tensor, which makes its
   * output legitimately depend on the other rows of the batch.
   */
  @Test
  void sameRowGivesSameVectorInBatchOf1AndBatchOf256() throws Exception {
    List<String> texts = new ArrayList<>();
    for (int i = 0; i < 256; i++) {
      List<String> s = Pipelines.sentences();
      texts.add(
          s.get(i % s.size()) + (i % 3 == 0 ? " Extra clause number " + i + " for length." : ""));
    }
    try (BufferAllocator allocator = new RootAllocator()) {
      OnnxModelSpec spec = MiniLm.embedder(MiniLm.FP32);
      List<float[]> big = Pipelines.embed(allocator, spec, texts, 256);
      for (int row : new int[] {4, 6, 255}) {
        float[] single = Pipelines.embed(allocator, spec, List.of(texts.get(row)), 1).get(0);
        assertThat(single).as("row %d", row).containsExactly(big.get(row), within(1e-5f));
      }
    }
  }

  @Test
  void nullTextGivesNullEmbeddingAndTheRestOfTheBatchIsUnchanged() throws Exception {
    try (BufferAllocator allocator = new RootAllocator()) {
      OnnxModelSpec spec = MiniLm.embedder(MiniLm.FP32); // fp32: int8 output depends on batch-mates
      List<float[]> withNull =
          Pipelines.embed(allocator, spec, Arrays.asList("I love pizza", null, "Hello world"), 3);
      assertThat(withNull.get(1)).isNull();
      float[] alone = Pipelines.embed(allocator, spec, List.of("Hello world"), 1).get(0);
      assertThat(PoolingMath.cosine(withNull.get(2), alone)).isGreaterThan(0.99999);
      List<float[]> allNull = Pipelines.embed(allocator, spec, Arrays.asList(null, null), 2);
      assertThat(allNull).containsOnlyNulls();
    }
  }
}
