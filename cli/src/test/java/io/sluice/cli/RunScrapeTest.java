package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.DoublePredicate;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Prometheus server (Debian's {@code prometheus}, installed by .ci/run; in CI a missing
 * binary fails the test) scrapes {@code --metrics-port} while a job runs, and the shipped alert
 * rules (docs/monitoring/alerts.yml) pass {@code promtool check rules}.
 */
class RunScrapeTest {

  private static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");
  private static final Path PROMTOOL = Path.of("/usr/bin/promtool");
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @TempDir Path tmp;

  static void require(Path binary) {
    if (!Files.isExecutable(binary)) {
      if (System.getenv("CI") != null) {
        fail(binary + " is missing: .ci/run must install the prometheus package");
      }
      Assumptions.abort("no " + binary + " (apt-get install -y prometheus)");
    }
  }

  @Test
  void prometheusScrapesTheRunningJob() throws Exception {
    require(PROMETHEUS);
    Path in = JobCorpus.write(tmp.resolve("in"), 200, 1);
    Path gate = tmp.resolve("gate");
    Path file = tmp.resolve("scraped.yaml");
    Files.writeString(
        file,
        """
        version: 1
        name: scraped-job
        source: {format: parquet, paths: "%s"}
        steps:
          - tokenize: {column: text}
          - embed: {batch_size: 8, window: 16}
          - filter: {class: io.sluice.cli.testjobs.GatedFilter}
        sink: {format: parquet, path: "%s/out/${date}"}
        execution: {memory_budget: 128m}
        """
            .formatted(in, tmp));
    int metricsPort = freePort();
    int prometheusPort = freePort();
    Files.writeString(
        tmp.resolve("prometheus.yml"),
        """
        global: {scrape_interval: 1s, scrape_timeout: 900ms}
        scrape_configs:
          - job_name: sluice
            honor_labels: true
            static_configs: [{targets: ["127.0.0.1:%d"]}]
        """
            .formatted(metricsPort));
    Process prometheus =
        new ProcessBuilder(
                PROMETHEUS.toString(),
                "--config.file=" + tmp.resolve("prometheus.yml"),
                "--storage.tsdb.path=" + tmp.resolve("tsdb"),
                "--web.listen-address=127.0.0.1:" + prometheusPort)
            .redirectErrorStream(true)
            .redirectOutput(tmp.resolve("prometheus.log").toFile())
            .start();
    System.setProperty("sluice.test.gate", gate.toString());
    try {
      CompletableFuture<CliRun> run =
          CompletableFuture.supplyAsync(
              () ->
                  CliRun.of(
                      "run",
                      file.toString(),
                      "--date",
                      "2026-12-01",
                      "--no-progress",
                      "--metrics-port",
                      Integer.toString(metricsPort)));
      String query =
          "http://127.0.0.1:"
              + prometheusPort
              + "/api/v1/query?query="
              + URLEncoder.encode(
                  "sluice_job_running{job=\"scraped-job\"}", StandardCharsets.UTF_8);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
      JsonNode result = null;
      while (result == null || result.isEmpty()) {
        assertThat(prometheus.isAlive()).as("prometheus runs: %s", log()).isTrue();
        assertThat(run.isDone()).as("the job waits for the gate").isFalse();
        if (System.nanoTime() > deadline) {
          fail(
              "Prometheus did not scrape the job; targets: "
                  + get("http://127.0.0.1:" + prometheusPort + "/api/v1/targets"));
        }
        try {
          result = new ObjectMapper().readTree(get(query)).at("/data/result");
        } catch (IOException starting) {
          result = null;
        }
        Thread.sleep(100);
      }
      JsonNode sample = result.get(0);
      assertThat(sample.at("/metric/instance").asText()).isEqualTo("127.0.0.1:" + metricsPort);
      assertThat(sample.at("/value/1").asText()).isEqualTo("1");

      // live per-operator figures while the filter holds the job: the model ran, the filter's task
      // waits
      String api = "http://127.0.0.1:" + prometheusPort;
      double embedded =
          await(
              api,
              "sum(sluice_rows_total{job=\"scraped-job\",operator=~\"Onnx.*\"})",
              v -> v >= 16,
              deadline,
              run);
      // backpressure lets about one model window past the held filter, not the whole input
      assertThat(embedded).as("rows through the model before the gate").isBetween(16.0, 200.0);
      assertThat(
              await(
                  api,
                  "sum(sluice_tasks{job=\"scraped-job\",operator=~\"Filter.*\",state=\"running\"})",
                  v -> v >= 1,
                  deadline,
                  run))
          .isGreaterThanOrEqualTo(1);
      // the model's call histogram is live too: the UDF's bucket counters are in the engine's
      // snapshots
      double batches =
          await(
              api,
              "sum(sluice_model_batch_seconds_count{job=\"scraped-job\"})",
              v -> v >= 2,
              deadline,
              run);
      assertThat(batches)
          .as("model calls seen while the job runs (16-row window, batches of 8)")
          .isPositive();
      assertThat(
              await(
                  api,
                  "histogram_quantile(0.5, sum by (le) (sluice_model_batch_seconds_bucket{job=\"scraped-job\"}))",
                  v -> v > 0,
                  deadline,
                  run))
          .as("median model call, seconds")
          .isBetween(0.0005, 30.0);
      assertThat(
              await(
                  api,
                  "sum(sluice_model_batch_seconds_sum{job=\"scraped-job\"})",
                  v -> v > 0,
                  deadline,
                  run))
          .as("seconds in model calls")
          .isLessThan(60.0);
      assertThat(
              await(
                  api,
                  "sluice_memory_used_bytes{job=\"scraped-job\"} > 0",
                  v -> v > 0,
                  deadline,
                  run))
          .as("blocks wait at the filter")
          .isPositive();
      assertThat(
              await(
                  api,
                  "sluice_memory_budget_bytes{job=\"scraped-job\"}",
                  v -> v > 0,
                  deadline,
                  run))
          .isEqualTo(128L << 20);
      assertThat(
              await(
                  api,
                  "count(sluice_operator_blocked{job=\"scraped-job\"} == 1)",
                  v -> v >= 4,
                  deadline,
                  run))
          .as("one why-blocked reason per operator (read, tokenize, embed, filter, write)")
          .isGreaterThanOrEqualTo(4);
      Files.createFile(gate);
      CliRun done = run.get(120, TimeUnit.SECONDS);
      assertThat(done.exitCode()).as(done.err()).isZero();
    } finally {
      System.clearProperty("sluice.test.gate");
      prometheus.destroy();
      prometheus.waitFor(20, TimeUnit.SECONDS);
    }
  }

  @Test
  void theShippedAlertRulesAreValid() throws Exception {
    require(PROMTOOL);
    Path rules = Path.of("..", "docs", "monitoring", "alerts.yml");
    Process p =
        new ProcessBuilder(PROMTOOL.toString(), "check", "rules", rules.toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    assertThat(out).contains("SUCCESS: 3 rules found");
  }

  /** Polls an instant query until its first value satisfies {@code until}; returns that value. */
  private double await(
      String api,
      String promql,
      DoublePredicate until,
      long deadline,
      CompletableFuture<CliRun> run)
      throws Exception {
    String url = api + "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8);
    String last = "";
    while (true) {
      last = get(url);
      JsonNode r = new ObjectMapper().readTree(last).at("/data/result");
      if (r.size() > 0) {
        double v = Double.parseDouble(r.get(0).at("/value/1").asText());
        if (until.test(v)) {
          return v;
        }
      }
      assertThat(run.isDone()).as("the job waits for the gate; %s", last).isFalse();
      if (System.nanoTime() > deadline) {
        fail("no value for " + promql + " in time; last answer " + last);
      }
      Thread.sleep(200);
    }
  }

  private String log() {
    try {
      return Files.readString(tmp.resolve("prometheus.log"));
    } catch (IOException e) {
      return "(no log)";
    }
  }

  private static String get(String url) throws Exception {
    return HTTP.send(
            HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
