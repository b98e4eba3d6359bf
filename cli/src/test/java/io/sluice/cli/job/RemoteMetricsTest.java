package io.sluice.cli.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.sluice.api.JobStats;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The remote families of {@link JobMetrics} from a remote step's counters as the stage reports
 * them: one series per endpoint and cause/status/kind, cumulative latency buckets, and an endpoint
 * label without user info or query even where a counter name still carried them.
 */
class RemoteMetricsTest {

  private static final String LEAKY = "https://user:pw-secret@h:8443/v1?api-key=k-secret";

  @Test
  void perEndpointCountersAndHistogramWithoutCredentials() throws Exception {
    Map<String, Long> counters =
        Map.ofEntries(
            // stage totals: not per endpoint, so no remote series of their own
            Map.entry("requests", 9L),
            Map.entry("retries.rate_limited", 2L),
            Map.entry("endpoint[" + LEAKY + "].requests", 7L),
            Map.entry("endpoint[" + LEAKY + "].retries.rate_limited", 2L),
            Map.entry("endpoint[" + LEAKY + "].errors.429", 2L),
            Map.entry("endpoint[" + LEAKY + "].tokens.prompt", 50L),
            Map.entry("endpoint[" + LEAKY + "].latency_ms.lt_64", 3L),
            Map.entry("endpoint[" + LEAKY + "].latency_ms.lt_256", 2L),
            Map.entry("endpoint[" + LEAKY + "].latency_ms.sum", 400L),
            Map.entry("endpoint[http://10.0.0.6:8000/v1].requests", 2L),
            Map.entry("endpoint[http://10.0.0.6:8000/v1].errors.timeout", 1L));
    JobStats stats =
        new RunSamplerTest.Snapshot(
            "main",
            List.of(new JobStats.OperatorStats("Remote", 1, 0, 0, 0, 5, 0, 0, 0, 0, 0, 0)),
            List.of(),
            Map.of("Remote", counters),
            0);
    try (JobMetrics metrics = new JobMetrics("nightly")) {
      metrics.live(() -> stats);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      PrometheusTextFormatWriter.create().write(out, metrics.registry().scrape());
      String text = out.toString(StandardCharsets.UTF_8);
      String a = "endpoint=\"https://h:8443/v1\",job=\"nightly\",operator=\"Remote\"";
      String b = "endpoint=\"http://10.0.0.6:8000/v1\",job=\"nightly\",operator=\"Remote\"";
      assertThat(text)
          .doesNotContain("secret")
          .doesNotContain("user:")
          .contains("sluice_remote_requests_total{" + a + "} 7.0")
          .contains("sluice_remote_requests_total{" + b + "} 2.0")
          .contains("sluice_remote_retries_total{cause=\"rate_limited\"," + a + "} 2.0")
          .contains("sluice_remote_errors_total{" + a + ",status=\"429\"} 2.0")
          .contains("sluice_remote_errors_total{" + b + ",status=\"timeout\"} 1.0")
          .contains(
              "sluice_remote_tokens_total{endpoint=\"https://h:8443/v1\",job=\"nightly\",kind=\"prompt\","
                  + "operator=\"Remote\"} 50.0")
          .contains("sluice_remote_request_seconds_bucket{" + a + ",le=\"0.064\"} 3")
          .contains("sluice_remote_request_seconds_bucket{" + a + ",le=\"0.256\"} 5")
          .contains("sluice_remote_request_seconds_count{" + a + "} 5")
          .contains("sluice_remote_request_seconds_sum{" + a + "} 0.4")
          .doesNotContain("sluice_remote_request_seconds_count{" + b);
    }
  }
}
