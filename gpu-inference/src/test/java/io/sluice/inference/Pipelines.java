package io.sluice.inference;

import io.sluice.api.arrow.Batches;
import io.sluice.api.udf.BatchUdf;
import io.sluice.api.udf.UdfContext;
import io.sluice.api.udf.UdfFactory;
import io.sluice.operators.text.Tokenize;
import io.sluice.operators.vector.VectorColumns;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.types.pojo.Schema;

/** Test helpers: text batches, and running tokenize -> model by hand the way an actor would. */
final class Pipelines {

  static final UdfContext CPU2 = UdfContext.cpu("embed", 0, 2);

  private Pipelines() {}

  static VectorSchemaRoot texts(BufferAllocator allocator, List<String> texts) {
    BigIntVector id = new BigIntVector("id", allocator);
    VarCharVector text = new VarCharVector("text", allocator);
    id.allocateNew(texts.size());
    text.allocateNew(texts.size());
    for (int i = 0; i < texts.size(); i++) {
      id.set(i, i);
      if (texts.get(i) == null) {
        text.setNull(i);
      } else {
        text.setSafe(i, texts.get(i).getBytes(StandardCharsets.UTF_8));
      }
    }
    id.setValueCount(texts.size());
    text.setValueCount(texts.size());
    return new VectorSchemaRoot(List.<FieldVector>of(id, text));
  }

  /**
   * Tokenizes (MiniLM, 256) with the given batch size and returns one tokenized batch per slice.
   */
  static List<VectorSchemaRoot> tokenize(
      BufferAllocator allocator, List<String> texts, int batchSize) throws Exception {
    return tokenize(allocator, MiniLm.tokenizer("text"), texts, batchSize);
  }

  static List<VectorSchemaRoot> tokenize(
      BufferAllocator allocator, Tokenize tokenizer, List<String> texts, int batchSize)
      throws Exception {
    List<VectorSchemaRoot> out = new ArrayList<>();
    try (BatchUdf tok = tokenizer.create(UdfContext.cpu("tok", 0, 1));
        VectorSchemaRoot all = texts(allocator, texts)) {
      for (int from = 0; from < texts.size(); from += batchSize) {
        int n = Math.min(batchSize, texts.size() - from);
        try (VectorSchemaRoot slice = Batches.slice(all, from, n, allocator)) {
          out.add(tok.apply(slice, allocator));
        }
      }
    }
    return out;
  }

  /** Embeddings (null for null rows) of {@code texts}, run through {@code spec} in batches. */
  static List<float[]> embed(
      BufferAllocator allocator, UdfFactory spec, List<String> texts, int batchSize)
      throws Exception {
    List<float[]> vectors = new ArrayList<>();
    List<VectorSchemaRoot> batches = tokenize(allocator, texts, batchSize);
    try (BatchUdf model = spec.create(CPU2)) {
      for (VectorSchemaRoot b : batches) {
        Schema declared = spec.outputSchema(b.getSchema()).orElseThrow();
        try (VectorSchemaRoot out = model.apply(b, allocator)) {
          if (!Batches.sameFields(declared, out.getSchema())) {
            throw new AssertionError("declared " + declared + " but got " + out.getSchema());
          }
          FixedSizeListVector emb = (FixedSizeListVector) out.getVector(MiniLm.EMBEDDING);
          for (int r = 0; r < out.getRowCount(); r++) {
            vectors.add(VectorColumns.vectorAt(emb, r));
          }
        }
      }
    } finally {
      batches.forEach(VectorSchemaRoot::close);
    }
    return vectors;
  }

  static List<String> sentences() {
    return List.of(
        "The quick brown fox jumps over the lazy dog.",
        "A man is eating food.",
        "Sluice streams Arrow batches through ONNX Runtime actor pools.",
        "It rained all night, and the river rose above the old stone bridge by morning.",
        "Hello world",
        "Quantum entanglement links the states of two particles regardless of distance.",
        "I love pizza",
        "The committee postponed the vote until the budget report had been reviewed by every member, "
            + "which frustrated the residents who had waited months for a decision on the new library.");
  }
}
