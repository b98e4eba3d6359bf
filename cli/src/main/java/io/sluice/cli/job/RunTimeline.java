package io.sluice.cli.job;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.api.JobStats;
import java.util.ArrayList;
import java.util.List;

/**
 * A run's figures over time: memory held, bytes spilled and rows out of each operator, sampled from
 * the engine's live snapshots. Bounded: when {@value #MAX_SAMPLES} samples are kept, every other
 * one is dropped and the interval doubles, so a long night keeps its whole shape in little memory.
 * When the engine moves on to another job (a demo corpus generated first), it starts over, so the
 * timeline is the last job's. Thread-safe.
 */
public final class RunTimeline {

  static final int MAX_SAMPLES = 720;

  /** One sample: seconds since the job started, memory held, spilled, rows out per operator. */
  record Sample(
      double seconds, long memoryBytes, long spilledBytes, long[] rowsOut, long[] queuedBytes) {}

  private long intervalNanos;
  private String jobId;
  private List<String> operators = List.of();
  private final List<Sample> samples = new ArrayList<>();
  private long lastNanos;
  private long jobStartNanos;

  /**
   * @param intervalMillis the interval between samples at first
   */
  public RunTimeline(long intervalMillis) {
    this.intervalNanos = intervalMillis * 1_000_000L;
  }

  /**
   * Records {@code stats} if the interval has passed since the last sample (always when {@code
   * force}); a snapshot of another job, or with other operators, starts the timeline over.
   */
  public synchronized void record(JobStats stats, boolean force) {
    long now = System.nanoTime();
    List<String> names = stats.operators().stream().map(JobStats.OperatorStats::name).toList();
    // the final figures (force) are the run's own, whatever id they carry; live ones of another job
    // start over
    boolean otherJob = !force && stats.jobId() != null && !stats.jobId().equals(jobId);
    if (otherJob || !names.equals(operators)) {
      jobId = stats.jobId() != null && !force ? stats.jobId() : jobId;
      operators = names;
      samples.clear();
      jobStartNanos = now - stats.wallTime().toNanos();
    }
    if (!force && !samples.isEmpty() && now - lastNanos < intervalNanos) {
      return;
    }
    lastNanos = now;
    int n = names.size();
    long[] rows = new long[n];
    long[] queued = new long[n];
    for (int i = 0; i < n; i++) {
      JobStats.OperatorStats o = stats.operators().get(i);
      rows[i] =
          Math.max(o.rowsOut(), i == n - 1 ? o.rowsIn() : 0); // a sink produces no rows: its input
    }
    for (JobStats.OperatorState s : stats.operatorStates()) {
      int i = names.indexOf(s.name());
      if (i >= 0) {
        queued[i] = s.queuedInputBytes();
      }
    }
    samples.add(
        new Sample(
            (now - jobStartNanos) / 1e9,
            stats.memoryUsedBytes(),
            stats.spilledBytes(),
            rows,
            queued));
    if (samples.size() >= MAX_SAMPLES) {
      for (int i = samples.size() - 1; i > 0; i -= 2) {
        samples.remove(i - 1);
      }
      intervalNanos *= 2;
    }
  }

  /** Samples kept. */
  public synchronized int size() {
    return samples.size();
  }

  /**
   * The timeline as the run report's {@code timeline} object: {@code operators} (names in plan
   * order) and {@code samples}, each {@code t} (seconds since the job started), {@code
   * memory_bytes}, {@code spilled_bytes}, {@code rows_out} and {@code queued_bytes} (per operator,
   * in that order).
   */
  public synchronized ObjectNode toJson() {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    if (jobId != null) {
      root.put("engine_job_id", jobId);
    }
    root.put("interval_seconds", intervalNanos / 1e9);
    ArrayNode ops = root.putArray("operators");
    operators.forEach(ops::add);
    ArrayNode out = root.putArray("samples");
    for (Sample s : samples) {
      ObjectNode o = out.addObject();
      o.put("t", Math.round(s.seconds() * 1000) / 1000.0);
      o.put("memory_bytes", s.memoryBytes());
      o.put("spilled_bytes", s.spilledBytes());
      ArrayNode r = o.putArray("rows_out");
      for (long v : s.rowsOut()) {
        r.add(v);
      }
      ArrayNode q = o.putArray("queued_bytes");
      for (long v : s.queuedBytes()) {
        q.add(v);
      }
    }
    return root;
  }
}
