package io.sluice.cli.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.api.JobStats;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Follows a run's engine job through its live snapshots ({@code runningJobStats()}): keeps the
 * latest one for the live metrics, and adds up, per operator, how long it spent in each why-blocked
 * state (the scheduler's reasons: {@code waiting_for_input}, {@code waiting_for_memory}, {@code
 * waiting_for_slot}...; {@code not_blocked} is time it could run), so the run report can say where
 * a slow, stalled or failed run waited. Time is attributed per sample: a reason seen in a snapshot
 * counts for the time since the previous one. When another engine job shows up (the demo corpus
 * generated first, a one-row schema probe), the figures start over: they are the last job's, the
 * one writing the output. Thread-safe.
 *
 * <p>Call order: {@link #start} (or {@link #sample} by hand), queries any time, {@link #close}
 * once.
 */
public final class RunSampler implements AutoCloseable {

  /** Sampling interval: the engine publishes snapshots every 250 ms. */
  public static final long INTERVAL_MILLIS = 250;

  private final Supplier<List<JobStats>> source;
  private final ScheduledExecutorService timer =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "sluice-run-sampler");
            t.setDaemon(true);
            return t;
          });
  private JobStats latest;
  private String jobId;
  private long lastNanos;

  /** Operator name to reason to nanoseconds, in plan order. */
  private final Map<String, Map<String, Long>> blockedNanos = new LinkedHashMap<>();

  private final Map<String, String> lastReason = new LinkedHashMap<>();

  /**
   * @param source the backend's live snapshots, e.g. {@code sluice.backend()::runningJobStats}
   */
  public RunSampler(Supplier<List<JobStats>> source) {
    this.source = source;
  }

  /** Samples every {@link #INTERVAL_MILLIS} on a daemon thread until {@link #close}. */
  public RunSampler start() {
    timer.scheduleWithFixedDelay(this::sampleQuietly, 0, INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
    return this;
  }

  private void sampleQuietly() {
    try {
      sample(System.nanoTime());
    } catch (RuntimeException e) {
      // a snapshot of a job tearing down: the next one will do
    }
  }

  /** Takes one sample at {@code nowNanos} (the timer's; tests call it with their own clock). */
  public synchronized void sample(long nowNanos) {
    List<JobStats> running = source.get();
    if (running.isEmpty()) {
      lastNanos = 0; // between jobs: waiting for nothing counts for nobody
      return;
    }
    JobStats s = running.get(running.size() - 1);
    if (s.jobId() != null && !s.jobId().equals(jobId)) {
      jobId = s.jobId();
      blockedNanos.clear();
      lastReason.clear();
      lastNanos = 0;
    }
    long elapsed = lastNanos == 0 ? 0 : nowNanos - lastNanos;
    lastNanos = nowNanos;
    latest = s;
    for (JobStats.OperatorState st : s.operatorStates()) {
      lastReason.put(st.name(), st.blocked());
      Map<String, Long> reasons =
          blockedNanos.computeIfAbsent(st.name(), k -> new LinkedHashMap<>());
      if (!"done".equals(st.blocked())) {
        reasons.merge(st.blocked(), elapsed, Long::sum);
      }
    }
  }

  /** The latest live snapshot, or null before the first one. */
  public synchronized JobStats latest() {
    return latest;
  }

  /** Seconds operator {@code operator} spent per why-blocked reason (empty when never seen). */
  public synchronized Map<String, Double> blockedSeconds(String operator) {
    Map<String, Double> out = new LinkedHashMap<>();
    blockedNanos.getOrDefault(operator, Map.of()).forEach((k, v) -> out.put(k, v / 1e9));
    return out;
  }

  /** Operator {@code operator}'s reason in the latest snapshot, or null. */
  public synchronized String lastReason(String operator) {
    return lastReason.get(operator);
  }

  /**
   * Adds to each entry of the report's {@code operators[]} its {@code blocked_seconds} (reason to
   * seconds) and, with {@code atEnd}, its {@code blocked_at_end}: what it waited for when the job
   * was last seen running, which for a stalled or failed run says where it stood.
   */
  public void annotate(ObjectNode report, boolean atEnd) {
    JsonNode ops = report.get("operators");
    if (!(ops instanceof ArrayNode array)) {
      return;
    }
    for (JsonNode n : array) {
      String name = n.path("name").asText();
      Map<String, Double> seconds = blockedSeconds(name);
      if (seconds.isEmpty()) {
        continue;
      }
      ObjectNode o = (ObjectNode) n;
      ObjectNode b = o.putObject("blocked_seconds");
      seconds.forEach((k, v) -> b.put(k, Math.round(v * 1000) / 1000.0));
      String last = lastReason(name);
      if (atEnd && last != null) {
        o.put("blocked_at_end", last);
      }
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
