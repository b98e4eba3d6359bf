package io.sluice.operators.vector;

import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.Arrays;

/**
 * Sentence-transformers pooling on plain buffers: masked mean over tokens, then L2 normalisation.
 * Shared by the Arrow pooling operators and by the ONNX model spec, which pools the model's output
 * tensor in place so that no {@code [batch, seq, dim]} Arrow intermediate is ever built.
 *
 * <p>Semantics match {@code sentence_transformers.models.Pooling(mean)} + {@code Normalize}: {@code
 * sum(h[t] * m[t]) / max(sum(m), 1e-9)}, then {@code x / max(|x|, 1e-12)}. All methods read buffers
 * with absolute indices and never move their positions.
 */
public final class PoolingMath {

  private static final float MIN_MASK_SUM = 1e-9f;
  private static final double MIN_NORM = 1e-12;

  private PoolingMath() {}

  /**
   * Masked mean of every row of a row-major {@code [batch, seq, dim]} tensor.
   *
   * @param hidden the tensor, element 0 at index 0
   * @param mask row-major {@code [batch, seq]} attention mask (0 = padding), or null for "all
   *     tokens"
   * @param out receives {@code batch * dim} values; a row whose mask is all zero becomes zeros
   */
  public static void meanPool(
      FloatBuffer hidden, LongBuffer mask, int batch, int seq, int dim, float[] out) {
    for (int b = 0; b < batch; b++) {
      meanPoolRow(hidden, b * seq, seq, dim, mask, b * seq, out, b * dim);
    }
  }

  /**
   * Masked mean of {@code tokens} consecutive {@code dim}-vectors starting at token {@code
   * firstToken}.
   *
   * @param mask mask values, the first at index {@code firstMask}; null counts every token
   */
  public static void meanPoolRow(
      FloatBuffer hidden,
      int firstToken,
      int tokens,
      int dim,
      LongBuffer mask,
      int firstMask,
      float[] out,
      int outOffset) {
    Arrays.fill(out, outOffset, outOffset + dim, 0f);
    float weight = 0f;
    for (int t = 0; t < tokens; t++) {
      float m = mask == null ? 1f : (float) mask.get(firstMask + t);
      if (m == 0f) {
        continue;
      }
      weight += m;
      int base = (firstToken + t) * dim;
      for (int d = 0; d < dim; d++) {
        out[outOffset + d] += hidden.get(base + d) * m;
      }
    }
    float scale = 1f / Math.max(weight, MIN_MASK_SUM);
    for (int d = 0; d < dim; d++) {
      out[outOffset + d] *= scale;
    }
  }

  /** Scales {@code v[offset, offset + dim)} to unit L2 norm (a zero vector stays zero). */
  public static void l2Normalize(float[] v, int offset, int dim) {
    double sum = 0;
    for (int d = 0; d < dim; d++) {
      float x = v[offset + d];
      sum += (double) x * x;
    }
    float scale = (float) (1.0 / Math.max(Math.sqrt(sum), MIN_NORM));
    for (int d = 0; d < dim; d++) {
      v[offset + d] *= scale;
    }
  }

  /** {@link #l2Normalize(float[], int, int)} for each of {@code rows} consecutive vectors. */
  public static void l2NormalizeRows(float[] v, int rows, int dim) {
    for (int r = 0; r < rows; r++) {
      l2Normalize(v, r * dim, dim);
    }
  }

  /** Cosine similarity of two equal-length vectors (for tests and quality checks). */
  public static double cosine(float[] a, float[] b) {
    if (a.length != b.length) {
      throw new IllegalArgumentException(
          "vectors differ in length: " + a.length + " vs " + b.length);
    }
    double dot = 0;
    double na = 0;
    double nb = 0;
    for (int i = 0; i < a.length; i++) {
      dot += (double) a[i] * b[i];
      na += (double) a[i] * a[i];
      nb += (double) b[i] * b[i];
    }
    return dot / Math.max(Math.sqrt(na) * Math.sqrt(nb), MIN_NORM);
  }
}
