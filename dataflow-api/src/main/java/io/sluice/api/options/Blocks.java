package io.sluice.api.options;

/**
 * How data is cut into Arrow blocks and in which order they leave.
 *
 * @param targetBytes a task flushes an output block when its buffered output passes this size
 *     (default 128 MiB)
 * @param preserveOrder whether outputs keep the order of their inputs (default true)
 */
public record Blocks(long targetBytes, boolean preserveOrder) {

  public static final long DEFAULT_TARGET_BYTES = 128L << 20;

  public Blocks {
    if (targetBytes <= 0) {
      throw new IllegalArgumentException("blocks.targetBytes must be positive, got " + targetBytes);
    }
  }

  public static Blocks defaults() {
    return new Blocks(DEFAULT_TARGET_BYTES, true);
  }

  public Blocks withTargetBytes(long bytes) {
    return new Blocks(bytes, preserveOrder);
  }

  public Blocks withPreserveOrder(boolean preserve) {
    return new Blocks(targetBytes, preserve);
  }
}
