package io.sluice.inference;

import io.sluice.api.JobStats;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of one model instance's loop, so jobs, benchmarks and tests can see what the
 * optimisations do: how much padding length-aware batching removed ({@link
 * Snapshot#paddingEfficiency()}) and how long the session waited for tensor preparation ({@link
 * Snapshot#waitNanos()}), which overlap should keep near zero. Each instance reports them as its
 * UDF counters ({@link Snapshot#counters()}), which the job sums per operator into {@link
 * JobStats#udfCounters}; {@link Snapshot#of(JobStats)} reads them back. Thread-safe.
 */
public final class InferenceStats {

  /** Prefix of this class's counter names in {@link JobStats#udfCounters}. */
  public static final String PREFIX = "model.";

  private static final String[] NAMES = {
    "windows", "batches", "rows", "tokens", "paddedTokens", "runNanos", "waitNanos", "windowNanos"
  };

  private final LongAdder windows = new LongAdder();
  private final LongAdder batches = new LongAdder();
  private final LongAdder rows = new LongAdder();
  private final LongAdder tokens = new LongAdder();
  private final LongAdder paddedTokens = new LongAdder();
  private final LongAdder runNanos = new LongAdder();
  private final LongAdder waitNanos = new LongAdder();
  private final LongAdder windowNanos = new LongAdder();

  /** Model calls by duration: [0,1) ms, [1,2), [2,4) ... [2^(n-2) ms, inf). */
  private final AtomicLongArray batchBuckets = new AtomicLongArray(BATCH_BUCKETS);

  /** Buckets of the model-call histogram ({@link #histogramCounters()}). */
  public static final int BATCH_BUCKETS = 16;

  /**
   * Prefix of the histogram's counters: {@code model.batch_ms.lt_<bound>}, the last {@code lt_inf}.
   */
  public static final String BATCH_HISTOGRAM = PREFIX + "batch_ms.lt_";

  /**
   * What the counters held.
   *
   * @param windows input batches (windows) processed
   * @param batches model calls
   * @param rows rows fed to the model (null rows are not)
   * @param tokens real tokens fed (sum of row lengths)
   * @param paddedTokens tokens in the tensors (rows x padded length per batch)
   * @param runNanos time inside {@code session.run}
   * @param waitNanos session idle time before each run: from the previous run's end (or the
   *     window's start) until this run starts, i.e. waiting for, or doing, tensor preparation
   * @param windowNanos wall time spent in windows (run + wait + first/last batch edges + Arrow
   *     output)
   */
  public record Snapshot(
      long windows,
      long batches,
      long rows,
      long tokens,
      long paddedTokens,
      long runNanos,
      long waitNanos,
      long windowNanos) {

    /** Real tokens / padded tokens: 1.0 means no padding. */
    public double paddingEfficiency() {
      return paddedTokens == 0 ? 1.0 : (double) tokens / paddedTokens;
    }

    /** Share of window time the session was running. */
    public double sessionBusy() {
      return windowNanos == 0 ? 0 : (double) runNanos / windowNanos;
    }

    /** The counters under their {@link #PREFIX}ed names, in declaration order. */
    public Map<String, Long> counters() {
      long[] v = values();
      Map<String, Long> out = new LinkedHashMap<>();
      for (int i = 0; i < NAMES.length; i++) {
        out.put(PREFIX + NAMES[i], v[i]);
      }
      return out;
    }

    /** What {@link #counters()} wrote (names it lacks count 0). */
    public static Snapshot of(Map<String, Long> counters) {
      long[] v = new long[NAMES.length];
      for (int i = 0; i < NAMES.length; i++) {
        v[i] = counters.getOrDefault(PREFIX + NAMES[i], 0L);
      }
      return new Snapshot(v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7]);
    }

    /** The model counters of every operator of a job, summed (zero when no model ran). */
    public static Snapshot of(JobStats stats) {
      Snapshot sum = new Snapshot(0, 0, 0, 0, 0, 0, 0, 0);
      for (JobStats.OperatorStats op : stats.operators()) {
        Snapshot s = of(stats.udfCounters(op.name()));
        sum =
            new Snapshot(
                sum.windows + s.windows,
                sum.batches + s.batches,
                sum.rows + s.rows,
                sum.tokens + s.tokens,
                sum.paddedTokens + s.paddedTokens,
                sum.runNanos + s.runNanos,
                sum.waitNanos + s.waitNanos,
                sum.windowNanos + s.windowNanos);
      }
      return sum;
    }

    private long[] values() {
      return new long[] {
        windows, batches, rows, tokens, paddedTokens, runNanos, waitNanos, windowNanos
      };
    }

    @Override
    public String toString() {
      return String.format(
          "%d windows, %d model batches, %d rows, padding efficiency %.2f, session busy %.1f%%,"
              + " waited for prep %.1f ms",
          windows, batches, rows, paddingEfficiency(), 100 * sessionBusy(), waitNanos / 1e6);
    }
  }

  void batch(int batchRows, long realTokens, long padded, long run, long wait) {
    batches.increment();
    rows.add(batchRows);
    tokens.add(realTokens);
    paddedTokens.add(padded);
    runNanos.add(run);
    waitNanos.add(wait);
    long ms = run / 1_000_000;
    batchBuckets.incrementAndGet(
        ms <= 0 ? 0 : Math.min(BATCH_BUCKETS - 1, 64 - Long.numberOfLeadingZeros(ms)));
  }

  /**
   * The duration histogram of model calls ({@code session.run}) as counters that add up across
   * instances like the others: {@value #BATCH_HISTOGRAM}{@code <bound>} counts calls shorter than
   * {@code bound} ms (and at least the previous bound), the last one {@code lt_inf}; empty buckets
   * are left out. The metrics endpoint turns them into a Prometheus histogram.
   */
  public Map<String, Long> histogramCounters() {
    Map<String, Long> out = new LinkedHashMap<>();
    for (int i = 0; i < BATCH_BUCKETS; i++) {
      long n = batchBuckets.get(i);
      if (n > 0) {
        out.put(BATCH_HISTOGRAM + (i == BATCH_BUCKETS - 1 ? "inf" : String.valueOf(1L << i)), n);
      }
    }
    return out;
  }

  void window(long nanos) {
    windows.increment();
    windowNanos.add(nanos);
  }

  public Snapshot snapshot() {
    return new Snapshot(
        windows.sum(),
        batches.sum(),
        rows.sum(),
        tokens.sum(),
        paddedTokens.sum(),
        runNanos.sum(),
        waitNanos.sum(),
        windowNanos.sum());
  }
}
