package io.sluice.benchmarks.peers;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The embedding job's per-row work written by hand, engine-free, as a careful engineer would: the
 * DJL Hugging Face tokenizer (MiniLM's tokenizer.json, truncation at 256, no padding), one ORT
 * session (intra-op threads as given, inter-op 1, all optimisations), batches padded to their
 * longest row, mean pooling over the attention mask and L2 normalisation. The hand-written, Spark
 * and Flink contenders all call it, so they differ only in the engine around it. Only ORT, DJL and
 * the model jar are needed: the Spark/Flink module uses it without Sluice on the classpath.
 *
 * <p>Not thread-safe: one instance per thread / task / operator subtask.
 */
public final class EmbedCore implements AutoCloseable {

  /**
   * Resource names in the langchain4j all-MiniLM-L6-v2 jars (as {@code
   * io.sluice.inference.MiniLm}).
   */
  static final String FP32 = "all-minilm-l6-v2.onnx";

  static final String INT8 = "all-minilm-l6-v2-q.onnx";
  static final String TOKENIZER = "all-minilm-l6-v2-tokenizer.json";
  public static final int DIM = 384;
  public static final int MAX_LENGTH = 256;

  private final HuggingFaceTokenizer tokenizer;
  private final OrtEnvironment env = OrtEnvironment.getEnvironment();
  private final OrtSession session;
  private final int batchSize;

  /**
   * @param model {@code fp32} or {@code int8}
   * @param threads ORT intra-op threads of this session
   * @param batchSize rows per {@code session.run}
   */
  public EmbedCore(String model, int threads, int batchSize) {
    this.batchSize = batchSize;
    this.tokenizer = tokenizer();
    try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
      options.setIntraOpNumThreads(threads);
      options.setInterOpNumThreads(1);
      options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
      this.session = env.createSession(resource("int8".equals(model) ? INT8 : FP32), options);
    } catch (OrtException e) {
      throw new IllegalStateException("cannot create the ORT session: " + e.getMessage(), e);
    }
  }

  /** MiniLM's tokenizer with the pipeline's options (same as Sluice's {@code Tokenize} op). */
  public static HuggingFaceTokenizer tokenizer() {
    try (InputStream in = EmbedCore.class.getClassLoader().getResourceAsStream(TOKENIZER)) {
      if (in == null) {
        throw new IOException("no classpath resource " + TOKENIZER);
      }
      return HuggingFaceTokenizer.newInstance(
          in,
          Map.of(
              "padding",
              "false",
              "truncation",
              "true",
              "maxLength",
              Integer.toString(MAX_LENGTH),
              "addSpecialTokens",
              "true"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static byte[] resource(String name) {
    try (InputStream in = EmbedCore.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IOException("no classpath resource " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Token ids of each text (null stays null). */
  public long[][] tokenize(List<String> texts) {
    long[][] out = new long[texts.size()][];
    List<String> present = new ArrayList<>(texts.size());
    for (String t : texts) {
      if (t != null) {
        present.add(t);
      }
    }
    Encoding[] enc = present.isEmpty() ? new Encoding[0] : tokenizer.batchEncode(present);
    for (int i = 0, k = 0; i < out.length; i++) {
      if (texts.get(i) != null) {
        out[i] = enc[k++].getIds();
      }
    }
    return out;
  }

  /**
   * Embeddings of {@code texts} in their order, in model batches of the configured size; null text,
   * null row.
   */
  public float[][] embed(List<String> texts) {
    return embedIds(tokenize(texts));
  }

  /** As {@link #embed} over token ids. */
  public float[][] embedIds(long[][] ids) {
    float[][] out = new float[ids.length][];
    int[] rows = new int[batchSize];
    int n = 0;
    for (int i = 0; i < ids.length; i++) {
      if (ids[i] != null) {
        rows[n++] = i;
        if (n == batchSize) {
          run(ids, rows, n, out);
          n = 0;
        }
      }
    }
    if (n > 0) {
      run(ids, rows, n, out);
    }
    return out;
  }

  private void run(long[][] ids, int[] rows, int n, float[][] out) {
    int len = 1;
    for (int i = 0; i < n; i++) {
      len = Math.max(len, ids[rows[i]].length);
    }
    LongBuffer idBuf = direct(n * len);
    LongBuffer mask = direct(n * len);
    LongBuffer types = direct(n * len);
    for (int i = 0; i < n; i++) {
      long[] row = ids[rows[i]];
      for (int t = 0; t < row.length; t++) {
        idBuf.put(i * len + t, row[t]);
        mask.put(i * len + t, 1);
      }
    }
    long[] shape = {n, len};
    try (OnnxTensor a = OnnxTensor.createTensor(env, idBuf, shape);
        OnnxTensor b = OnnxTensor.createTensor(env, mask, shape);
        OnnxTensor c = OnnxTensor.createTensor(env, types, shape);
        OrtSession.Result r =
            session.run(Map.of("input_ids", a, "attention_mask", b, "token_type_ids", c))) {
      FloatBuffer hidden = ((OnnxTensor) r.get("last_hidden_state").orElseThrow()).getFloatBuffer();
      for (int i = 0; i < n; i++) {
        out[rows[i]] = meanPoolNormalise(hidden, i, len, ids[rows[i]].length);
      }
    } catch (OrtException e) {
      throw new IllegalStateException("session.run failed: " + e.getMessage(), e);
    }
  }

  /**
   * Mean over the row's real tokens (mask 1 = its first {@code tokens} positions), then unit
   * length.
   */
  static float[] meanPoolNormalise(FloatBuffer hidden, int row, int len, int tokens) {
    float[] v = new float[DIM];
    int base = row * len * DIM;
    for (int t = 0; t < tokens; t++) {
      int off = base + t * DIM;
      for (int d = 0; d < DIM; d++) {
        v[d] += hidden.get(off + d);
      }
    }
    double norm = 0;
    for (int d = 0; d < DIM; d++) {
      v[d] /= tokens;
      norm += (double) v[d] * v[d];
    }
    float inv = (float) (1 / Math.max(Math.sqrt(norm), 1e-12));
    for (int d = 0; d < DIM; d++) {
      v[d] *= inv;
    }
    return v;
  }

  private static LongBuffer direct(int longs) {
    return ByteBuffer.allocateDirect(longs * Long.BYTES)
        .order(ByteOrder.nativeOrder())
        .asLongBuffer();
  }

  /** Stable order of row indices by token count, so a window's batches carry little padding. */
  public static int[] byLength(long[][] ids) {
    Integer[] order = new Integer[ids.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(
        order,
        (x, y) ->
            Integer.compare(
                ids[x] == null ? 0 : ids[x].length, ids[y] == null ? 0 : ids[y].length));
    return Arrays.stream(order).mapToInt(Integer::intValue).toArray();
  }

  @Override
  public void close() {
    try {
      session.close();
    } catch (OrtException e) {
      throw new IllegalStateException(e);
    }
    tokenizer.close();
  }
}
