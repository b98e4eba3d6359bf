package io.sluice.inference;

import static org.assertj.core.api.Assertions.assertThat;

import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import io.sluice.api.udf.BatchUdf;
import io.sluice.operators.vector.PoolingMath;
import io.sluice.operators.vector.VectorColumns;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.junit.jupiter.api.Test;

/**
 * fp32 embeddings against an independent implementation of sentence-transformers' all-MiniLM-L6-v2
 * recipe: langchain4j's {@code AllMiniLmL6V2EmbeddingModel}. It embeds one text at a time (so no
 * padding, no batch tensor), tokenizes with its own DJL settings, builds its own tensors from Java
 * arrays, and mean-pools and normalises with its own code; only the model file is shared. Agreement
 * at cosine >= 0.9999 therefore checks our tokenizer op, the padded batch bridge, the mask
 * handling, and the fused pooling.
 *
 * <p>Length caveat: langchain4j keeps the jar's tokenizer.json truncation (128 tokens), while
 * sentence-transformers truncates at its max_seq_length 256. Up to 128 tokens both agree and so
 * must we; for a 202-token row we check that our output at maxLength(128) equals langchain4j's
 * (which shows the reference cut there) and that our 256-token default differs from it.
 */
class EmbeddingReferenceTest {

  @Test
  void fp32EmbeddingsMatchLangchain4jPerRow() throws Exception {
    List<String> texts = new ArrayList<>(Pipelines.sentences());
    texts.add("token ".repeat(100).trim() + " end."); // 104 tokens: still under both limits
    AllMiniLmL6V2EmbeddingModel reference = new AllMiniLmL6V2EmbeddingModel();
    try (BufferAllocator allocator = new RootAllocator()) {
      List<float[]> ours =
          Pipelines.embed(allocator, MiniLm.embedder(MiniLm.FP32), texts, texts.size());
      for (int i = 0; i < texts.size(); i++) {
        float[] expected = reference.embed(texts.get(i)).content().vector();
        assertThat(ours.get(i)).hasSize(MiniLm.DIM);
        assertThat(PoolingMath.cosine(ours.get(i), expected))
            .as("row %d: %s", i, texts.get(i))
            .isGreaterThanOrEqualTo(0.9999);
      }
    }
  }

  @Test
  void longRowsMatchTheReferenceAtItsOwn128TokenCut() throws Exception {
    String longText = "word ".repeat(200).trim();
    float[] expected = new AllMiniLmL6V2EmbeddingModel().embed(longText).content().vector();
    try (BufferAllocator allocator = new RootAllocator()) {
      OnnxModelSpec spec = MiniLm.embedder(MiniLm.FP32);
      float[] at256 = Pipelines.embed(allocator, spec, List.of(longText), 1).get(0);
      List<VectorSchemaRoot> cut =
          Pipelines.tokenize(
              allocator, MiniLm.tokenizer("text").maxLength(128), List.of(longText), 1);
      float[] at128;
      try (VectorSchemaRoot batch = cut.get(0);
          BatchUdf model = spec.create(Pipelines.CPU2);
          VectorSchemaRoot out = model.apply(batch, allocator)) {
        at128 = VectorColumns.vectorAt((FixedSizeListVector) out.getVector(MiniLm.EMBEDDING), 0);
      }
      assertThat(PoolingMath.cosine(at128, expected)).isGreaterThanOrEqualTo(0.9999);
      assertThat(PoolingMath.cosine(at256, expected)).isLessThan(0.999);
    }
  }
}
