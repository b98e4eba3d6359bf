package io.sluice.inference;

import java.io.Serializable;

/**
 * How an actor's input batch (the <em>window</em>: {@code Compute.actors(..).batchSize(n)} rows) is
 * cut into model batches. Doing this inside the model UDF keeps the executor model-agnostic while
 * letting sequence models avoid padding: padding each batch to its longest row wastes about half
 * the compute on sentences of 5-45 words, and sorting a window by token length recovers it.
 *
 * <p>Results do not depend on the cut for models whose rows are independent (padding is masked):
 * outputs go back in the window's original row order, null rows stay null in place and never reach
 * the model. Models whose output depends on batch-mates (int8 with per-tensor activation
 * quantisation) change within their quantisation noise.
 *
 * @param modelBatchSize rows per model call; 0 runs the whole window as one model batch (the
 *     behaviour before windows existed)
 * @param lengthAware stable-sort the window's rows by token length before cutting
 * @param maxTokensPerBatch when &gt; 0, a model batch also stops growing before its rows x padded
 *     length would exceed this (a single longer row still runs alone)
 * @param overlap prepare the next model batch's tensors and convert the previous batch's outputs on
 *     a helper thread while the session runs (double buffering)
 */
public record Batching(
    int modelBatchSize, boolean lengthAware, long maxTokensPerBatch, boolean overlap)
    implements Serializable {

  /** The model batch {@link MiniLm#embedder} uses. */
  public static final int DEFAULT_MODEL_BATCH = 64;

  public Batching {
    if (modelBatchSize < 0) {
      throw new IllegalArgumentException(
          "modelBatchSize must be >= 0 (0 = whole window), got " + modelBatchSize);
    }
    if (maxTokensPerBatch < 0) {
      throw new IllegalArgumentException(
          "maxTokensPerBatch must be >= 0 (0 = no bound), got " + maxTokensPerBatch);
    }
  }

  /** One model call per input batch, rows in arrival order (the default of {@link Onnx#model}). */
  public static Batching wholeWindow() {
    return new Batching(0, false, 0, false);
  }

  /** Windows sorted by token length, cut into {@code modelBatchSize} rows, with overlap. */
  public static Batching lengthAware(int modelBatchSize) {
    return new Batching(positive(modelBatchSize), true, 0, true);
  }

  /** Windows cut into {@code modelBatchSize} rows in arrival order, with overlap. */
  public static Batching arrivalOrder(int modelBatchSize) {
    return new Batching(positive(modelBatchSize), false, 0, true);
  }

  public Batching withLengthAware(boolean on) {
    return new Batching(modelBatchSize, on, maxTokensPerBatch, overlap);
  }

  public Batching withMaxTokensPerBatch(long tokens) {
    return new Batching(modelBatchSize, lengthAware, tokens, overlap);
  }

  public Batching withOverlap(boolean on) {
    return new Batching(modelBatchSize, lengthAware, maxTokensPerBatch, on);
  }

  public Batching withModelBatchSize(int rows) {
    return new Batching(rows, lengthAware, maxTokensPerBatch, overlap);
  }

  private static int positive(int rows) {
    if (rows < 1) {
      throw new IllegalArgumentException("modelBatchSize must be >= 1, got " + rows);
    }
    return rows;
  }

  @Override
  public String toString() {
    return (modelBatchSize == 0 ? "window" : "batch " + modelBatchSize)
        + (lengthAware ? ", by length" : "")
        + (maxTokensPerBatch > 0 ? ", <= " + maxTokensPerBatch + " tokens" : "")
        + (overlap ? ", overlap" : "");
  }
}
