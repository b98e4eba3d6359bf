package io.sluice.operators.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import io.sluice.api.PlanException;
import io.sluice.api.arrow.Batches;
import io.sluice.api.udf.BatchUdf;
import io.sluice.api.udf.UdfContext;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;

/**
 * The tokenizer op against the MiniLM jar's own tokenizer.json: known BERT ids, truncation at 256,
 * nulls, schema checks. The reference encodings come from a separately built DJL tokenizer that
 * encodes one text at a time with the file's own settings except length, so batch encoding, the
 * option mapping and the Arrow writing are what is under test.
 */
class TokenizeTest {

  /**
   * The -q jar is the operators module's test dependency; its tokenizer.json equals the fp32 one.
   */
  static final TokenizerSource MINILM =
      TokenizerSource.resource("all-minilm-l6-v2-q-tokenizer.json");

  private static final UdfContext CTX = UdfContext.cpu("tokenize", 0, 1);

  @Test
  void knownTokenIdsForShortSentences() throws Exception {
    try (BufferAllocator allocator = new RootAllocator();
        VectorSchemaRoot in = TextBatch.of(allocator, "Hello world", "The cat sat.");
        BatchUdf udf = Tokenize.huggingFace(MINILM).create(CTX);
        VectorSchemaRoot out = udf.apply(in, allocator)) {
      assertThat(row(out, Tokenize.INPUT_IDS, 0)).containsExactly(101, 7592, 2088, 102);
      assertThat(row(out, Tokenize.INPUT_IDS, 1)).startsWith(101L).endsWith(102L).hasSize(6);
      assertThat(row(out, Tokenize.ATTENTION_MASK, 0)).containsExactly(1, 1, 1, 1);
      assertThat(row(out, Tokenize.TOKEN_TYPE_IDS, 1)).containsOnly(0L);
      assertThat(out.getVector("id").getObject(1)).isEqualTo(1L);
      assertThat(out.getVector("text").getObject(0).toString()).isEqualTo("Hello world");
    }
  }

  @Test
  void matchesIndependentPerTextEncodingIncludingTruncationAt256() throws Exception {
    String longText = "word ".repeat(150) + "antidisestablishmentarianism ".repeat(40);
    String[] texts = {
      "A short one.", "Ünïcödé, emoji 🙂 and punctuation!?", longText, "", "Tabs\tand\nnewlines"
    };
    try (BufferAllocator allocator = new RootAllocator();
        VectorSchemaRoot in = TextBatch.of(allocator, texts);
        BatchUdf udf = Tokenize.huggingFace(MINILM).maxLength(256).create(CTX);
        VectorSchemaRoot out = udf.apply(in, allocator);
        HuggingFaceTokenizer reference = reference(256)) {
      for (int i = 0; i < texts.length; i++) {
        Encoding e = reference.encode(texts[i]);
        assertThat(row(out, Tokenize.INPUT_IDS, i)).as("row %d", i).containsExactly(e.getIds());
        assertThat(row(out, Tokenize.ATTENTION_MASK, i)).containsExactly(e.getAttentionMask());
        assertThat(row(out, Tokenize.TOKEN_TYPE_IDS, i)).containsExactly(e.getTypeIds());
      }
      long[] truncated = row(out, Tokenize.INPUT_IDS, 2);
      assertThat(truncated).hasSize(256).startsWith(101L).endsWith(102L);
      assertThat(row(out, Tokenize.INPUT_IDS, 3)).containsExactly(101, 102);
    }
  }

  @Test
  void withoutTruncationLongTextsKeepAllTokens() throws Exception {
    String longText = "word ".repeat(300);
    try (BufferAllocator allocator = new RootAllocator();
        VectorSchemaRoot in = TextBatch.of(allocator, longText);
        BatchUdf udf = Tokenize.huggingFace(MINILM).truncation(false).create(CTX);
        VectorSchemaRoot out = udf.apply(in, allocator)) {
      assertThat(row(out, Tokenize.INPUT_IDS, 0)).hasSize(302);
    }
  }

  @Test
  void nullTextGivesNullListsAndDoesNotFailTheBatch() throws Exception {
    try (BufferAllocator allocator = new RootAllocator();
        VectorSchemaRoot in = TextBatch.of(allocator, "first", null, "third");
        BatchUdf udf = Tokenize.huggingFace(MINILM).create(CTX);
        VectorSchemaRoot out = udf.apply(in, allocator)) {
      for (String col :
          List.of(Tokenize.INPUT_IDS, Tokenize.ATTENTION_MASK, Tokenize.TOKEN_TYPE_IDS)) {
        assertThat(out.getVector(col).isNull(1)).isTrue();
        assertThat(out.getVector(col).isNull(0)).isFalse();
      }
      assertThat(row(out, Tokenize.INPUT_IDS, 2)).startsWith(101L).endsWith(102L);
    }
  }

  @Test
  void declaredSchemaMatchesTheBatchAndEmptyBatchesWork() throws Exception {
    Tokenize op = Tokenize.huggingFace(MINILM);
    try (BufferAllocator allocator = new RootAllocator();
        VectorSchemaRoot in = TextBatch.of(allocator);
        BatchUdf udf = op.create(CTX);
        VectorSchemaRoot out = udf.apply(in, allocator)) {
      assertThat(out.getRowCount()).isZero();
      Schema declared = op.outputSchema(in.getSchema()).orElseThrow();
      assertThat(Batches.sameFields(declared, out.getSchema()))
          .as("%s vs %s", declared, out.getSchema())
          .isTrue();
    }
  }

  @Test
  void missingOrNonTextColumnIsAPlanErrorListingTheColumns() {
    Schema schema =
        new Schema(
            List.of(
                Field.nullable("id", new ArrowType.Int(64, true)),
                Field.nullable(
                    "score", new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE))));
    assertThatThrownBy(() -> Tokenize.huggingFace(MINILM).textColumn("body").outputSchema(schema))
        .isInstanceOf(PlanException.class)
        .hasMessageContaining("'body'")
        .hasMessageContaining("id: Int(64, true)")
        .hasMessageContaining("score");
    assertThatThrownBy(() -> Tokenize.huggingFace(MINILM).textColumn("score").outputSchema(schema))
        .isInstanceOf(PlanException.class)
        .hasMessageContaining("must be utf8");
  }

  @Test
  void missingTokenizerResourceNamesIt() {
    assertThatThrownBy(() -> Tokenize.huggingFaceResource("nope/tokenizer.json").create(CTX))
        .hasMessageContaining("classpath:nope/tokenizer.json");
  }

  static HuggingFaceTokenizer reference(int maxLength) throws Exception {
    try (InputStream in =
        TokenizeTest.class
            .getClassLoader()
            .getResourceAsStream("all-minilm-l6-v2-q-tokenizer.json")) {
      return HuggingFaceTokenizer.newInstance(
          in,
          Map.of(
              "maxLength", Integer.toString(maxLength), "truncation", "true", "padding", "false"));
    }
  }

  static long[] row(VectorSchemaRoot root, String column, int row) {
    List<?> values = ((ListVector) root.getVector(column)).getObject(row);
    return values.stream().mapToLong(v -> (Long) v).toArray();
  }
}
