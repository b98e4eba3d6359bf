package io.sluice.inference;

import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of the model loop, per UDF instance and process-wide ({@link #global()}), so benchmarks
 * and tests can see what the optimisations do: how much padding length-aware batching removed
 * ({@link Snapshot#paddingEfficiency()}) and how long the session waited for tensor preparation
 * ({@link Snapshot#waitNanos()}), which overlap should keep near zero. Thread-safe.
 */
public final class InferenceStats {

  private static final InferenceStats GLOBAL = new InferenceStats();

  private final LongAdder windows = new LongAdder();
  private final LongAdder batches = new LongAdder();
  private final LongAdder rows = new LongAdder();
  private final LongAdder tokens = new LongAdder();
  private final LongAdder paddedTokens = new LongAdder();
  private final LongAdder runNanos = new LongAdder();
  private final LongAdder waitNanos = new LongAdder();
  private final LongAdder windowNanos = new LongAdder();

  /**
   * What the counters held.
   *
   * @param windows input batches (windows) processed
   * @param batches model calls
   * @param rows rows fed to the model (null rows are not)
   * @param tokens real tokens fed (sum of row lengths)
   * @param paddedTokens tokens in the tensors (rows x padded length per batch)
   * @param runNanos time inside {@code session.run}
   * @param waitNanos session idle time before each run: from the previous run's end (or the window's
   *     start) until this run starts, i.e. waiting for, or doing, tensor preparation
   * @param windowNanos wall time spent in windows (run + wait + first/last batch edges + Arrow output)
   */
  public record Snapshot(long windows, long batches, long rows, long tokens, long paddedTokens, long runNanos,
      long waitNanos, long windowNanos) {

    /** Real tokens / padded tokens: 1.0 means no padding. */
    public double paddingEfficiency() {
      return paddedTokens == 0 ? 1.0 : (double) tokens / paddedTokens;
    }

    /** Share of window time the session was running. */
    public double sessionBusy() {
      return windowNanos == 0 ? 0 : (double) runNanos / windowNanos;
    }

    public Snapshot minus(Snapshot o) {
      return new Snapshot(windows - o.windows, batches - o.batches, rows - o.rows, tokens - o.tokens,
          paddedTokens - o.paddedTokens, runNanos - o.runNanos, waitNanos - o.waitNanos, windowNanos - o.windowNanos);
    }

    @Override
    public String toString() {
      return String.format("%d windows, %d model batches, %d rows, padding efficiency %.2f, session busy %.1f%%,"
          + " waited for prep %.1f ms", windows, batches, rows, paddingEfficiency(), 100 * sessionBusy(),
          waitNanos / 1e6);
    }
  }

  /** The process-wide counters (every UDF instance adds to them). */
  public static InferenceStats global() {
    return GLOBAL;
  }

  void batch(int batchRows, long realTokens, long padded, long run, long wait) {
    batches.increment();
    rows.add(batchRows);
    tokens.add(realTokens);
    paddedTokens.add(padded);
    runNanos.add(run);
    waitNanos.add(wait);
  }

  void window(long nanos) {
    windows.increment();
    windowNanos.add(nanos);
  }

  public Snapshot snapshot() {
    return new Snapshot(windows.sum(), batches.sum(), rows.sum(), tokens.sum(), paddedTokens.sum(), runNanos.sum(),
        waitNanos.sum(), windowNanos.sum());
  }
}
