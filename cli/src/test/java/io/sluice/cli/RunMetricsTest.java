package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.remote.fixture.FixtureProcess;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Prometheus metrics of {@code sluice run}: scraped from {@code --metrics-port} while the job runs,
 * and pushed at its end to the real Prometheus Pushgateway (Debian's {@code
 * prometheus-pushgateway}, which .ci/run installs: in CI a missing binary fails this test instead
 * of skipping it).
 */
class RunMetricsTest {

  private static final Path GATEWAY = Path.of("/usr/bin/prometheus-pushgateway");
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @TempDir Path tmp;

  private Process gateway;
  private int gatewayPort;

  @BeforeEach
  void startGateway() throws Exception {
    if (!Files.isExecutable(GATEWAY)) {
      if (System.getenv("CI") != null) {
        fail(GATEWAY + " is missing: .ci/run must install prometheus-pushgateway");
      }
      Assumptions.abort("no " + GATEWAY + " (apt-get install -y prometheus-pushgateway)");
    }
    gatewayPort = freePort();
    // Debian's build persists to /var/lib/prometheus by default: a file of this test's own starts
    // empty
    gateway =
        new ProcessBuilder(
                GATEWAY.toString(),
                "--web.listen-address=127.0.0.1:" + gatewayPort,
                "--persistence.file=" + tmp.resolve("pushgateway.data"))
            .redirectErrorStream(true)
            .redirectOutput(tmp.resolve("gateway.log").toFile())
            .start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (true) {
      try {
        if (get("http://127.0.0.1:" + gatewayPort + "/-/ready").statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // starting
      }
      if (System.nanoTime() > deadline || !gateway.isAlive()) {
        fail("the Pushgateway did not start: " + Files.readString(tmp.resolve("gateway.log")));
      }
      Thread.sleep(50);
    }
  }

  @AfterEach
  void stopGateway() throws Exception {
    System.clearProperty("sluice.test.gate");
    if (gateway != null) {
      gateway.destroy();
      gateway.waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void servedWhileRunningAndPushedAtTheEndKeepingTheLastSuccessOfAFailedRun() throws Exception {
    Path in = JobCorpus.write(tmp.resolve("in"), 1000, 2);
    Path file = tmp.resolve("metrics.yaml");
    Files.writeString(
        file,
        """
        version: 1
        name: metrics-job
        params: {input: %s}
        source: {format: parquet, paths: "${param.input}"}
        steps:
          - filter: {class: io.sluice.cli.testjobs.GatedFilter}
        sink: {format: parquet, path: "%s/out/${date}"}
        execution: {memory_budget: 128m}
        """
            .formatted(in, tmp));
    int port = freePort();
    Path gate = tmp.resolve("gate");
    System.setProperty("sluice.test.gate", gate.toString()); // the job waits until the scrape below
    String pushUrl = "http://127.0.0.1:" + gatewayPort;
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
                    Integer.toString(port),
                    "--pushgateway",
                    pushUrl,
                    "--push-interval",
                    "1"));

    String live = "";
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!live.contains("sluice_job_running{job=\"metrics-job\"} 1.0") && !run.isDone()) {
      try {
        live = get("http://127.0.0.1:" + port + "/metrics").body();
      } catch (IOException notYet) {
        Thread.sleep(20);
      }
      assertThat(System.nanoTime()).as("scraping the running job").isLessThan(deadline);
    }
    assertThat(live)
        .as("scraped while the job ran")
        .contains("sluice_job_running{job=\"metrics-job\"} 1.0")
        .contains("sluice_job_start_timestamp_seconds{job=\"metrics-job\"}");
    String early = "";
    while (!early.contains("sluice_job_running{")) {
      early = get(pushUrl + "/metrics").body();
      assertThat(System.nanoTime()).as("the periodic push while the job runs").isLessThan(deadline);
      Thread.sleep(50);
    }
    assertThat(value(early, "sluice_job_running", "job=\"metrics-job\""))
        .as("pushed while running")
        .isEqualTo(1);
    Files.createFile(gate);
    CliRun done = run.get(120, TimeUnit.SECONDS);
    assertThat(done.exitCode()).as(done.err()).isZero();

    String pushed = get(pushUrl + "/metrics").body();
    assertThat(value(pushed, "sluice_job_running", "job=\"metrics-job\"")).isZero();
    assertThat(value(pushed, "sluice_rows_total", "operator=\"Filter\"")).isEqualTo(1000);
    assertThat(value(pushed, "sluice_committed_rows_total", "job=\"metrics-job\"")).isEqualTo(1000);
    assertThat(value(pushed, "sluice_job_exit_code", "job=\"metrics-job\"")).isZero();
    assertThat(value(pushed, "sluice_operator_busy_seconds_total", "operator=\"Filter\""))
        .isPositive();
    assertThat(value(pushed, "sluice_memory_budget_bytes", "job=\"metrics-job\""))
        .isEqualTo(128L << 20);
    double lastSuccess =
        value(pushed, "sluice_job_last_success_timestamp_seconds", "job=\"metrics-job\"");
    assertThat(lastSuccess).isCloseTo(System.currentTimeMillis() / 1000.0, Offset.offset(120.0));

    CliRun failed =
        CliRun.of(
            "run",
            file.toString(),
            "--date",
            "2026-12-02",
            "--no-progress",
            "--set",
            "input=" + tmp.resolve("missing"),
            "--pushgateway",
            pushUrl);
    assertThat(failed.exitCode()).as(failed.err()).isEqualTo(1);
    String after = get(pushUrl + "/metrics").body();
    assertThat(value(after, "sluice_job_exit_code", "job=\"metrics-job\"")).isEqualTo(1);
    assertThat(value(after, "sluice_job_last_success_timestamp_seconds", "job=\"metrics-job\""))
        .as("a failed run leaves the last success as it was")
        .isEqualTo(lastSuccess);
  }

  @Test
  void remoteStepsPushRequestsRetriesErrorsTokensAndLatencyPerEndpointAsTheServersCountThem()
      throws Exception {
    Path in = JobCorpus.write(tmp.resolve("in"), 1000, 2); // every tenth text is null: no request
    try (FixtureProcess flaky = FixtureProcess.start("--error-500-every", "20");
        FixtureProcess steady = FixtureProcess.start()) {
      // a key in the URL's query (as some gateways take it) must never become a label
      String keyed = steady.uri() + "?api-key=s3cret-in-url";
      Path file = tmp.resolve("remote.yaml");
      Files.writeString(
          file,
          """
          version: 1
          name: remote-job
          source: {format: parquet, paths: "%s"}
          steps:
            - udf:
                class: io.sluice.cli.testjobs.RemoteChat
                options: {endpoints: "%s,%s"}
                compute: {actors: 1, cpus: 0.5, batch_size: 100}
          sink: {format: parquet, path: "%s/remote-out/${date}"}
          """
              .formatted(in, flaky.uri(), keyed, tmp));
      String pushUrl = "http://127.0.0.1:" + gatewayPort;
      CliRun done =
          CliRun.of(
              "run",
              file.toString(),
              "--date",
              "2026-12-01",
              "--no-progress",
              "--pushgateway",
              pushUrl);
      assertThat(done.exitCode()).as(done.err()).isZero();
      String pushed = get(pushUrl + "/metrics").body();
      assertThat(pushed).doesNotContain("s3cret");
      String a = "endpoint=\"" + flaky.uri() + "\"";
      String b = "endpoint=\"" + steady.uri() + "\"";
      long sent = 0;
      for (var server : List.of(Map.entry(a, flaky), Map.entry(b, steady))) {
        JsonNode counted = server.getValue().stats();
        String at = server.getKey();
        long requests = counted.path("requests").asLong();
        long ok = counted.path("statuses").path("200").asLong();
        long prompt = counted.path("promptTokens").asLong();
        assertThat(requests).as(at).isPositive();
        assertThat(value(pushed, "sluice_remote_requests_total", at))
            .as(at)
            .isEqualTo((double) requests);
        assertThat(value(pushed, "sluice_remote_tokens_total", at, "kind=\"prompt\""))
            .as(at)
            .isEqualTo((double) prompt);
        assertThat(value(pushed, "sluice_remote_tokens_total", at, "kind=\"completion\""))
            .as("each reply is 'echo: ' + prompt, one token more")
            .isEqualTo((double) (prompt + ok));
        assertThat(value(pushed, "sluice_remote_request_seconds_count", at))
            .as(at)
            .isEqualTo((double) ok);
        sent += requests;
      }
      long errors = flaky.stats().path("statuses").path("500").asLong();
      assertThat(errors).isPositive();
      assertThat(value(pushed, "sluice_remote_errors_total", a, "status=\"500\""))
          .isEqualTo((double) errors);
      assertThat(value(pushed, "sluice_remote_retries_total", a, "cause=\"server_error\""))
          .isEqualTo((double) errors);
      assertThat(
              pushed
                  .lines()
                  .filter(l -> l.startsWith("sluice_remote_errors_total{") && l.contains(b)))
          .as("the steady server failed nothing")
          .isEmpty();
      assertThat(sent)
          .as("one request per non-null text, plus the retried 500s")
          .isEqualTo(900 + errors);
    }
  }

  /** The value of the first sample of {@code name} whose labels contain all of {@code labels}. */
  private static double value(String exposition, String name, String... labels) {
    Matcher m = Pattern.compile("(?m)^" + name + "\\{([^}]*)\\} (\\S+)$").matcher(exposition);
    while (m.find()) {
      String found = m.group(1);
      if (Arrays.stream(labels).allMatch(found::contains)) {
        return Double.parseDouble(m.group(2));
      }
    }
    throw new AssertionError(
        "no sample " + name + "{" + String.join(",", labels) + "} in:\n" + exposition);
  }

  private static HttpResponse<String> get(String url) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
