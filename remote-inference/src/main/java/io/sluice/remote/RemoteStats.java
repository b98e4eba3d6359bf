package io.sluice.remote;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * What a remote stage sent and got back: requests, retries by cause, rows rejected, latency (a
 * power-of-two histogram in milliseconds), and tokens from the responses' {@code usage}; the same
 * per endpoint as named counters ({@code endpoint[<label>].requests}, {@code .retries.<cause>},
 * {@code .errors.<status>}, {@code .latency_ms.*}, {@code .tokens.*}, {@code .ejections}). One per
 * actor (a client shared by a stage's actors counts each request for the actor that sent it), plus
 * process-wide ({@link #global()}) totals. Thread-safe.
 */
public final class RemoteStats {

  /** Latency buckets: [0,1) ms, [1,2), [2,4) ... [2^(n-2), inf). */
  static final int BUCKETS = 20;

  private static final RemoteStats GLOBAL = new RemoteStats(null);

  private final RemoteStats parent;
  private final LongAdder requests = new LongAdder();
  private final LongAdder succeeded = new LongAdder();
  private final LongAdder rejected = new LongAdder();
  private final Map<RetryCause, LongAdder> retries = new EnumMap<>(RetryCause.class);
  private final LongAdder latencyNanos = new LongAdder();
  private final AtomicLongArray latencyBuckets = new AtomicLongArray(BUCKETS);
  private final LongAdder promptTokens = new LongAdder();
  private final LongAdder completionTokens = new LongAdder();

  /** Counters named at run time: requests and ejections per endpoint, responses per status. */
  private final ConcurrentHashMap<String, LongAdder> named = new ConcurrentHashMap<>();

  RemoteStats(RemoteStats parent) {
    this.parent = parent;
    for (RetryCause c : RetryCause.values()) {
      retries.put(c, new LongAdder());
    }
  }

  /** Totals over every remote stage in this process. */
  public static RemoteStats global() {
    return GLOBAL;
  }

  /** A fresh instance feeding {@link #global()}. */
  static RemoteStats child() {
    return new RemoteStats(GLOBAL);
  }

  void sent() {
    requests.increment();
    if (parent != null) {
      parent.sent();
    }
  }

  void succeeded(long nanos, long prompt, long completion) {
    succeeded.increment();
    latencyNanos.add(nanos);
    latencyBuckets.incrementAndGet(bucket(nanos));
    promptTokens.add(prompt);
    completionTokens.add(completion);
    if (parent != null) {
      parent.succeeded(nanos, prompt, completion);
    }
  }

  void rejected() {
    rejected.increment();
    if (parent != null) {
      parent.rejected();
    }
  }

  void retried(RetryCause cause) {
    retries.get(cause).increment();
    if (parent != null) {
      parent.retried(cause);
    }
  }

  /** Adds one to counter {@code name} (e.g. {@code status.200}). */
  void count(String name) {
    add(name, 1);
  }

  /** Adds {@code n} to counter {@code name} (e.g. {@code endpoint[<label>].tokens.prompt}). */
  void add(String name, long n) {
    named.computeIfAbsent(name, k -> new LongAdder()).add(n);
    if (parent != null) {
      parent.add(name, n);
    }
  }

  /**
   * Counts one successful request of {@code nanos} on endpoint {@code e} in the endpoint's own
   * counters: {@code endpoint[<label>].latency_ms.lt_<bound>}, {@code .latency_ms.sum} and the
   * tokens of its {@code usage} (the job-wide figures are {@link #succeeded}'s).
   */
  void endpointSucceeded(Endpoint e, long nanos, long prompt, long completion) {
    add(e.counter("latency_ms." + bucketName(bucket(nanos))), 1);
    add(e.counter("latency_ms.sum"), nanos / 1_000_000);
    add(e.counter("tokens.prompt"), prompt);
    add(e.counter("tokens.completion"), completion);
  }

  /** The counters of {@link #count}, by name. */
  Map<String, Long> named() {
    Map<String, Long> m = new TreeMap<>();
    named.forEach((k, v) -> m.put(k, v.sum()));
    return m;
  }

  /**
   * The counter suffix of latency bucket {@code i}: {@code lt_<upper bound in ms>}, the last {@code
   * lt_inf}.
   */
  static String bucketName(int i) {
    return "lt_" + (i == BUCKETS - 1 ? "inf" : String.valueOf(1L << i));
  }

  static int bucket(long nanos) {
    long ms = nanos / 1_000_000;
    return ms <= 0 ? 0 : Math.min(BUCKETS - 1, 64 - Long.numberOfLeadingZeros(ms));
  }

  /**
   * A point-in-time copy.
   *
   * @param requests HTTP requests sent (every attempt counts)
   * @param succeeded requests answered 2xx
   * @param rejected requests answered with a non-retryable 4xx
   * @param retries retried attempts by cause
   * @param latencyNanos summed latency of successful requests
   * @param latencyBuckets counts of successful requests per power-of-two millisecond bucket
   * @param promptTokens {@code usage.prompt_tokens} summed
   * @param completionTokens {@code usage.completion_tokens} summed
   */
  public record Snapshot(
      long requests,
      long succeeded,
      long rejected,
      Map<RetryCause, Long> retries,
      long latencyNanos,
      long[] latencyBuckets,
      long promptTokens,
      long completionTokens) {

    public long retries(RetryCause cause) {
      return retries.getOrDefault(cause, 0L);
    }

    public long totalRetries() {
      return retries.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Mean latency of successful requests in milliseconds. */
    public double meanLatencyMillis() {
      return succeeded == 0 ? 0 : latencyNanos / 1e6 / succeeded;
    }

    /** Upper bound (ms) of the bucket holding quantile {@code q} of successful requests. */
    public long latencyQuantileMillis(double q) {
      long total = 0;
      for (long c : latencyBuckets) {
        total += c;
      }
      long rank = (long) Math.ceil(q * total);
      long seen = 0;
      for (int i = 0; i < latencyBuckets.length; i++) {
        seen += latencyBuckets[i];
        if (seen >= rank && total > 0) {
          return 1L << i;
        }
      }
      return 0;
    }

    public Snapshot minus(Snapshot o) {
      Map<RetryCause, Long> r = new EnumMap<>(RetryCause.class);
      retries.forEach((k, v) -> r.put(k, v - o.retries(k)));
      long[] b = latencyBuckets.clone();
      for (int i = 0; i < b.length; i++) {
        b[i] -= o.latencyBuckets[i];
      }
      return new Snapshot(
          requests - o.requests,
          succeeded - o.succeeded,
          rejected - o.rejected,
          r,
          latencyNanos - o.latencyNanos,
          b,
          promptTokens - o.promptTokens,
          completionTokens - o.completionTokens);
    }

    /**
     * Named counters for the job's stats; all of them add up across instances (the histogram as
     * {@code latency_ms.lt_<bound>} buckets, empty ones left out).
     */
    public Map<String, Long> counters() {
      Map<String, Long> m = new LinkedHashMap<>();
      m.put("requests", requests);
      m.put("succeeded", succeeded);
      m.put("rejected", rejected);
      retries.forEach((k, v) -> m.put("retries." + k.name().toLowerCase(Locale.ROOT), v));
      m.put("latency_ms.sum", latencyNanos / 1_000_000);
      for (int i = 0; i < latencyBuckets.length; i++) {
        if (latencyBuckets[i] > 0) {
          m.put("latency_ms." + bucketName(i), latencyBuckets[i]);
        }
      }
      m.put("tokens.prompt", promptTokens);
      m.put("tokens.completion", completionTokens);
      return m;
    }

    @Override
    public String toString() {
      return String.format(
          Locale.ROOT,
          "%d requests (%d ok, %d rejected), retries %s, mean latency %.1f ms,"
              + " p99 <= %d ms, tokens %d prompt + %d completion",
          requests,
          succeeded,
          rejected,
          retries,
          meanLatencyMillis(),
          latencyQuantileMillis(0.99),
          promptTokens,
          completionTokens);
    }
  }

  public Snapshot snapshot() {
    Map<RetryCause, Long> r = new EnumMap<>(RetryCause.class);
    retries.forEach((k, v) -> r.put(k, v.sum()));
    long[] b = new long[BUCKETS];
    for (int i = 0; i < BUCKETS; i++) {
      b[i] = latencyBuckets.get(i);
    }
    return new Snapshot(
        requests.sum(),
        succeeded.sum(),
        rejected.sum(),
        r,
        latencyNanos.sum(),
        b,
        promptTokens.sum(),
        completionTokens.sum());
  }
}
