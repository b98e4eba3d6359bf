package io.sluice.inference;

import io.sluice.api.SluiceException;
import java.io.Serializable;
import java.util.Arrays;

/**
 * How the token dimension of a batch's tensors is chosen. Dynamic padding to the longest row wastes
 * least compute; a fixed length suits models exported with a static shape; buckets bound the number
 * of distinct shapes (useful for CUDA graphs / TensorRT) while wasting at most one bucket step.
 * Rows never get truncated here: a row longer than the chosen length is an error naming the row,
 * because silently dropping tokens changes results (truncate in the tokenizer instead).
 */
public final class SequenceLength implements Serializable {

  private static final long serialVersionUID = 1L;
  private static final SequenceLength DYNAMIC = new SequenceLength(new int[0], false);

  private final int[] buckets;
  private final boolean fixed;

  private SequenceLength(int[] buckets, boolean fixed) {
    this.buckets = buckets;
    this.fixed = fixed;
  }

  /** Pad each batch to its longest row. */
  public static SequenceLength dynamic() {
    return DYNAMIC;
  }

  /** Always pad to {@code length}. */
  public static SequenceLength fixed(int length) {
    if (length < 1) {
      throw new IllegalArgumentException("sequence length must be >= 1, got " + length);
    }
    return new SequenceLength(new int[] {length}, true);
  }

  /** Pad to the smallest bucket that holds the batch's longest row. */
  public static SequenceLength buckets(int... lengths) {
    int[] sorted = lengths.clone();
    Arrays.sort(sorted);
    if (sorted.length == 0 || sorted[0] < 1) {
      throw new IllegalArgumentException(
          "buckets must be one or more lengths >= 1, got " + Arrays.toString(lengths));
    }
    return new SequenceLength(sorted, false);
  }

  /**
   * The padded length for a batch whose longest row has {@code longest} tokens.
   *
   * @param modelFixed the model's own static length for the token dimension, or -1
   */
  int choose(int longest, long modelFixed, String model, int longestRow) {
    int want;
    if (modelFixed > 0) {
      want = (int) modelFixed;
    } else if (buckets.length == 0) {
      return Math.max(longest, 1);
    } else {
      want = -1;
      for (int b : buckets) {
        if (b >= longest) {
          want = b;
          break;
        }
      }
      if (want < 0) {
        want = buckets[buckets.length - 1];
      }
    }
    if (longest > want) {
      throw new SluiceException(
          "model "
              + model
              + ": row "
              + longestRow
              + " of the batch has "
              + longest
              + " tokens, more than the "
              + (modelFixed > 0 ? "model's fixed" : fixed ? "declared" : "largest bucket")
              + " sequence length "
              + want
              + "; truncate in the tokenizer (maxLength("
              + want
              + "))");
    }
    return want;
  }

  @Override
  public String toString() {
    return buckets.length == 0
        ? "dynamic"
        : fixed ? "fixed(" + buckets[0] + ")" : "buckets" + Arrays.toString(buckets);
  }
}
