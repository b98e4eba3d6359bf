package io.sluice.cli.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.sluice.api.JobStats;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link RunSampler} adds up why-blocked time per operator from live snapshots, starting over for a
 * new engine job, and annotates the run report; {@link JobMetrics} shows the live figures, the
 * model-call histogram made from UDF bucket counters, and nothing running once the run ended.
 */
class RunSamplerTest {

  private static final long SECOND = 1_000_000_000L;

  /** A snapshot as the local backend publishes it: figures, operator states, UDF counters. */
  record Snapshot(
      String jobId,
      List<OperatorStats> operators,
      List<OperatorState> operatorStates,
      Map<String, Map<String, Long>> counters,
      long memoryUsedBytes)
      implements JobStats {
    @Override
    public Duration wallTime() {
      return Duration.ofSeconds(1);
    }

    @Override
    public long outputRows() {
      return 0;
    }

    @Override
    public long peakMemoryBytes() {
      return 1 << 20;
    }

    @Override
    public String toTable() {
      return "";
    }

    @Override
    public Map<String, Long> udfCounters(String operator) {
      return counters.getOrDefault(operator, Map.of());
    }
  }

  private static JobStats.OperatorStats op(String name, long rowsOut, long tasks) {
    return new JobStats.OperatorStats(
        name, tasks, 0, 2 * SECOND, 0, rowsOut, rowsOut * 10, 0, 0, 0, 0, 0);
  }

  private static JobStats.OperatorState state(String name, int running, String blocked) {
    return new JobStats.OperatorState(name, running, 100, 4096, blocked, -1, List.of(), "");
  }

  private static Snapshot snapshot(
      String job, String readReason, String modelReason, long modelRows) {
    return new Snapshot(
        job,
        List.of(op("Read", 50, 1), op("Model", modelRows, 3)),
        List.of(state("Read", 0, readReason), state("Model", 1, modelReason)),
        Map.of(
            "Model",
            Map.of(
                "model.batch_ms.lt_4",
                2L,
                "model.batch_ms.lt_16",
                1L,
                "model.runNanos",
                20_000_000L,
                "model.batches",
                3L)),
        8192);
  }

  @Test
  void addsUpWhyBlockedTimePerOperatorAndStartsOverForANewJob() {
    List<JobStats> running = new ArrayList<>();
    RunSampler sampler = new RunSampler(() -> running);
    running.add(snapshot("probe", "not_blocked", "not_blocked", 0));
    sampler.sample(1 * SECOND);
    sampler.sample(5 * SECOND);
    running.set(0, snapshot("main", "waiting_for_output_space", "not_blocked", 10));
    sampler.sample(6 * SECOND); // a new job: its first sample counts nothing
    sampler.sample(7 * SECOND);
    running.set(0, snapshot("main", "waiting_for_output_space", "waiting_for_memory", 20));
    sampler.sample(9 * SECOND);
    sampler.sample(10 * SECOND);
    running.clear(); // the job ended: no time passes for anybody
    sampler.sample(60 * SECOND);
    running.add(snapshot("main", "done", "waiting_for_memory", 20));
    sampler.sample(61 * SECOND);

    assertThat(sampler.blockedSeconds("Read"))
        .containsExactly(Map.entry("waiting_for_output_space", 4.0));
    assertThat(sampler.blockedSeconds("Model"))
        .containsExactly(Map.entry("not_blocked", 1.0), Map.entry("waiting_for_memory", 3.0));
    assertThat(sampler.lastReason("Model")).isEqualTo("waiting_for_memory");
    assertThat(sampler.latest().jobId()).isEqualTo("main");

    ObjectNode report = JsonNodeFactory.instance.objectNode();
    report.putArray("operators").addObject().put("name", "Model");
    sampler.annotate(report, true);
    assertThat(report.at("/operators/0/blocked_seconds/waiting_for_memory").asDouble())
        .isEqualTo(3.0);
    assertThat(report.at("/operators/0/blocked_at_end").asText()).isEqualTo("waiting_for_memory");
    ObjectNode succeeded = JsonNodeFactory.instance.objectNode();
    succeeded.putArray("operators").addObject().put("name", "Model");
    sampler.annotate(succeeded, false);
    assertThat(succeeded.at("/operators/0").has("blocked_at_end")).as("only failed runs").isFalse();
    sampler.close();
  }

  @Test
  void metricsShowLiveFiguresAndTheModelHistogramThenNothingRunning() throws Exception {
    JobStats[] latest = {snapshot("main", "waiting_for_output_space", "not_blocked", 30)};
    try (JobMetrics metrics = new JobMetrics("nightly")) {
      metrics.live(() -> latest[0]);
      metrics.budget(64L << 20);
      String live = text(metrics);
      assertThat(live)
          .contains("sluice_rows_total{job=\"nightly\",operator=\"Model\"} 30.0")
          .contains("sluice_tasks{job=\"nightly\",operator=\"Model\",state=\"running\"} 1.0")
          .contains("sluice_tasks{job=\"nightly\",operator=\"Model\",state=\"finished\"} 3.0")
          .contains(
              "sluice_operator_blocked{job=\"nightly\",operator=\"Read\",reason=\"waiting_for_output_space\"} 1.0")
          .contains("sluice_memory_used_bytes{job=\"nightly\"} 8192.0")
          .contains("sluice_operator_memory_bytes{job=\"nightly\",operator=\"Model\"} 4096.0")
          // buckets are cumulative: 2 calls under 4 ms, 3 under 16 ms
          .contains(
              "sluice_model_batch_seconds_bucket{job=\"nightly\",operator=\"Model\",le=\"0.004\"} 2")
          .contains(
              "sluice_model_batch_seconds_bucket{job=\"nightly\",operator=\"Model\",le=\"0.016\"} 3")
          .contains(
              "sluice_model_batch_seconds_bucket{job=\"nightly\",operator=\"Model\",le=\"+Inf\"} 3")
          .contains("sluice_model_batch_seconds_count{job=\"nightly\",operator=\"Model\"} 3")
          .contains("sluice_model_batch_seconds_sum{job=\"nightly\",operator=\"Model\"} 0.02")
          .doesNotContain("sluice_model_batch_seconds_bucket{job=\"nightly\",operator=\"Read\"");

      Instant t = Instant.parse("2026-12-01T02:00:00Z");
      metrics.record(
          new RunReport.Run(
              null,
              "job.yaml",
              "dev",
              "local",
              t,
              t.plusSeconds(5),
              0,
              "succeeded",
              null,
              null,
              snapshot("main", "done", "done", 40),
              null,
              64L << 20,
              false,
              null));
      String ended = text(metrics);
      assertThat(ended)
          .contains("sluice_rows_total{job=\"nightly\",operator=\"Model\"} 40.0")
          .contains("sluice_tasks{job=\"nightly\",operator=\"Model\",state=\"running\"} 0.0")
          .contains(
              "sluice_operator_blocked{job=\"nightly\",operator=\"Model\",reason=\"done\"} 1.0")
          .doesNotContain("reason=\"not_blocked\"")
          .contains("sluice_memory_used_bytes{job=\"nightly\"} 0.0");
    }
  }

  private static String text(JobMetrics metrics) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrometheusTextFormatWriter.create().write(out, metrics.registry().scrape());
    return out.toString(StandardCharsets.UTF_8);
  }
}
