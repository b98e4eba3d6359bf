package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.cli.ui.ReportDirectory;
import io.sluice.cli.ui.UiServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sluice run --ui} against a real job held at a gate: the JSON API over real HTTP (report
 * schema, live operator state, server-sent events), the live page and the run-report.html it leaves
 * in headless Chromium, and {@code sluice ui --reports}' listing with its filters.
 */
class DashboardTest {

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Screenshots kept as test artifacts. */
  static final Path SHOTS = Path.of("target", "ui-screenshots");

  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir Path tmp;

  @Test
  void theApiAndThePagesShowTheRunningJobAndItsReport() throws Exception {
    HeadlessChromium.require();
    try (HeadlessChromium browser = HeadlessChromium.start(tmp)) {
      runWatchAndReview(browser);
    }
  }

  private void runWatchAndReview(HeadlessChromium browser) throws Exception {
    Path in = JobCorpus.write(tmp.resolve("in"), 400, 2);
    Path gate = tmp.resolve("gate");
    Path file = tmp.resolve("dash.yaml");
    Files.writeString(
        file,
        """
        version: 1
        name: dash-job
        params: {api_token: SEEDED-SECRET-4711}
        source: {format: parquet, paths: "%s"}
        steps:
          - filter: {class: io.sluice.cli.testjobs.WarnOnceFilter}
          - filter: {class: io.sluice.cli.testjobs.GatedFilter}
          - udf: {class: io.sluice.cli.testjobs.RowCountColumn, compute: {actors: 1, cpus: 1, batch_size: 100}}
        sink: {format: parquet, path: "%s/out/${date}"}
        execution: {memory_budget: 128m}
        """
            .formatted(in, tmp));
    int port = freePort();
    String base = "http://127.0.0.1:" + port + "/";
    System.setProperty("sluice.test.gate", gate.toString());
    // a model path of someone else's on this machine: no page, answer or report may show it
    System.setProperty("sluice.model.dir", "/home/other-team/SEEDED-SECRET-models/minilm.onnx");
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
                      "--ui",
                      "--ui-port",
                      Integer.toString(port),
                      "-D",
                      "fs.s3a.secret.key=SEEDED-SECRET-4712"));
      JsonNode jobs = awaitRunning(base, run);
      assertThat(jobs.size()).isEqualTo(1);
      assertThat(jobs.get(0).path("id").asText()).isEqualTo("dash-job-2026-12-01");
      assertThat(jobs.get(0).path("name").asText()).isEqualTo("dash-job");

      String reportText = get(base + "api/jobs/dash-job-2026-12-01").body();
      JsonNode report = JSON.readTree(reportText);
      assertThat(report.path("schema").asText()).isEqualTo("sluice-run-report");
      assertThat(report.path("outcome").asText()).isEqualTo("running");
      assertThat(report.path("exit_code").isNull()).isTrue();
      assertThat(report.at("/memory/budget_bytes").asLong()).isEqualTo(128L << 20);
      JsonNode ops =
          JSON.readTree(get(base + "api/jobs/dash-job-2026-12-01/operators").body())
              .path("operators");
      assertThat(ops.size()).isGreaterThanOrEqualTo(2);
      for (JsonNode op : ops) {
        assertThat(op.at("/state/blocked").asText()).as(op.toString()).isNotEmpty();
      }
      assertThat(ops.get(0).path("name").asText()).isEqualTo("ReadParquet");
      String sink = ops.get(ops.size() - 1).path("name").asText();
      JsonNode pool = null;
      for (JsonNode op : ops) {
        if (op.at("/state/actors").size() > 0) {
          pool = op.at("/state/actors");
        }
      }
      assertThat(pool).as("the RowCountColumn actor pool: " + ops).isNotNull().hasSize(1);
      JsonNode actor = pool.get(0);
      assertThat(actor.path("state").asText()).isIn("starting", "idle", "busy");
      assertThat(actor.path("device").asText()).isNotEmpty();
      assertThat(actor.path("cpus").asDouble()).isEqualTo(1.0);
      assertThat(actor.path("batches").isIntegralNumber()).as(actor.toString()).isTrue();
      assertThat(actor.path("restarts").asInt(-1)).isZero();
      assertThat(actor.has("batch_age_seconds")).isTrue();
      String logs = awaitLog(base + "api/jobs/dash-job-2026-12-01/logs", "a row from the test job");
      JsonNode warning = JSON.readTree(logs).path("logs").get(0);
      assertThat(warning.path("level").asText()).isEqualTo("WARN");
      assertThat(warning.path("logger").asText())
          .isEqualTo("io.sluice.cli.testjobs.WarnOnceFilter");
      assertThat(warning.path("message").asText())
          .isEqualTo("a row from the test job: upstream password=<redacted> in its config");
      JsonNode event = firstEvent(base + "api/jobs/dash-job-2026-12-01/events");
      assertThat(event.path("outcome").asText()).isEqualTo("running");
      assertThat(event.path("timeline").path("operators").size()).isEqualTo(ops.size());
      assertThat(get(base + "api/jobs/nope").statusCode()).isEqualTo(404);

      browser.open(base);
      browser.domWhen("#throughput-chart polyline.series", WAIT);
      browser.domWhen("#actors tr.actor", WAIT);
      String live = browser.domWhen("#log tr.log-WARN", WAIT);
      assertThat(live)
          .contains("id=\"dag\"")
          .contains("data-op=\"ReadParquet\"")
          .contains("data-op=\"" + sink + "\"")
          .contains("id=\"memory-chart\"")
          .contains("id=\"throughput-chart\"")
          .contains("data-outcome=\"running\"")
          .contains("class=\"series\"")
          .contains("<tr class=\"actor\" data-op=\"RowCountColumn\"")
          .contains("a row from the test job: upstream password=&lt;redacted&gt;");
      browser.screenshot(SHOTS.resolve("dashboard-live.png"));
      for (String answer :
          new String[] {
            reportText,
            live,
            get(base + "api/jobs").body(),
            event.toString(),
            logs,
            get(base + "api/jobs/dash-job-2026-12-01/operators").body(),
            get(base + "app.js").body()
          }) {
        assertThat(answer).doesNotContain("SEEDED-SECRET").doesNotContain("other-team");
      }

      CompletableFuture<JsonNode> lastEvent =
          CompletableFuture.supplyAsync(
              () -> lastEvent(base + "api/jobs/dash-job-2026-12-01/events"));
      Thread.sleep(300); // the stream is open before the job ends
      Files.createFile(gate);
      CliRun done = run.get(120, TimeUnit.SECONDS);
      assertThat(lastEvent.get(10, TimeUnit.SECONDS).path("outcome").asText())
          .as("an open page gets the finished run's last snapshot")
          .isEqualTo("succeeded");
      assertThat(done.exitCode()).as(done.err()).isZero();
      assertThat(done.err()).contains("sluice: dashboard on " + base);
    } finally {
      System.clearProperty("sluice.test.gate");
      System.clearProperty("sluice.model.dir");
    }
    Path json = tmp.resolve("out/2026-12-01.run-report.json");
    Path html = tmp.resolve("out/2026-12-01.run-report.html");
    JsonNode finalReport = JSON.readTree(json.toFile());
    assertThat(finalReport.path("outcome").asText()).isEqualTo("succeeded");
    assertThat(finalReport.at("/timeline/samples").size()).isGreaterThanOrEqualTo(2);
    JsonNode last =
        finalReport.at("/timeline/samples").get(finalReport.at("/timeline/samples").size() - 1);
    assertThat(last.path("rows_out").get(0).asLong()).isEqualTo(400);
    browser.open(html.toUri().toString());
    String page = browser.domWhen("[data-outcome=succeeded] #actors tr.actor", WAIT);
    assertThat(Files.readString(html)).doesNotContain("SEEDED-SECRET").doesNotContain("other-team");
    assertThat(Files.readString(json))
        .doesNotContain("SEEDED-SECRET")
        .doesNotContain("other-team")
        .contains("\"api_token\" : \"<redacted>\"");
    assertThat(finalReport.path("logs").get(0).path("message").asText())
        .startsWith("a row from the test job");
    JsonNode lastPool = null;
    for (JsonNode op : finalReport.path("operators")) {
      if (op.path("actors").size() > 0) {
        lastPool = op.path("actors");
      }
    }
    assertThat(lastPool).as("the report keeps the actor pool as last seen").isNotNull().hasSize(1);
    assertThat(lastPool.get(0).path("restarts").asInt(-1)).isZero();
    assertThat(page)
        .contains("id=\"dag\"")
        .contains("id=\"throughput-chart\"")
        .contains("tr class=\"log-WARN\"")
        .contains("<tr class=\"actor\" data-op=\"RowCountColumn\"");
    assertThat(page)
        .contains("data-op=\"ReadParquet\"")
        .contains("data-outcome=\"succeeded\"")
        .contains("class=\"series\"")
        .contains("id=\"memory-chart\"")
        .contains("400 rows processed");
    browser.screenshot(SHOTS.resolve("run-report.png"));

    // sluice ui --reports: past runs, filtered by job and outcome
    Path reports = tmp.resolve("reports");
    Files.createDirectories(reports.resolve("a"));
    Files.copy(json, reports.resolve("a/2026-12-01.run-report.json"));
    ObjectNode failed = (ObjectNode) finalReport.deepCopy();
    failed.put("outcome", "failed");
    failed.put("started", "2099-12-02T02:00:00Z");
    ((ObjectNode) failed.get("job")).put("name", "other-job");
    Files.writeString(reports.resolve("2026-12-02.run-report.json"), failed.toString());
    Files.writeString(reports.resolve("junk.run-report.json"), "{not json");
    try (UiServer server = UiServer.start(new ReportDirectory(reports), "127.0.0.1", 0, null)) {
      String url = "http://127.0.0.1:" + server.port() + "/";
      JsonNode all = JSON.readTree(get(url + "api/jobs").body()).path("jobs");
      assertThat(all).hasSize(2);
      assertThat(all.get(0).path("id").asText()).isEqualTo("2026-12-02.run-report");
      assertThat(all.get(1).path("id").asText()).isEqualTo("a~2026-12-01.run-report");
      assertThat(JSON.readTree(get(url + "api/jobs?outcome=failed").body()).path("jobs"))
          .hasSize(1);
      assertThat(
              JSON.readTree(get(url + "api/jobs?job=dash").body())
                  .path("jobs")
                  .get(0)
                  .path("outcome")
                  .asText())
          .isEqualTo("succeeded");
      assertThat(
              JSON.readTree(get(url + "api/jobs/a~2026-12-01.run-report").body())
                  .at("/timeline/samples")
                  .size())
          .isGreaterThanOrEqualTo(2);
      assertThat(get(url + "api/jobs/..~..~etc~passwd").statusCode()).isEqualTo(404);
      browser.open(url);
      String list = browser.domWhen("#runs", WAIT);
      assertThat(list)
          .contains("id=\"runs\"")
          .contains("other-job")
          .contains("dash-job-2026-12-01");
      browser.open(url + "#/jobs/a~2026-12-01.run-report");
      String one = browser.domWhen("[data-outcome=succeeded] #dag", WAIT);
      assertThat(one).contains("data-op=\"ReadParquet\"").contains("data-outcome=\"succeeded\"");
    }
  }

  @Test
  void theDemoCommandsServeTheirDashboardToo() throws Exception {
    CliRun r =
        CliRun.of(
            "engine-demo",
            "--rows",
            "2000",
            "--actors",
            "1",
            "--batch-size",
            "500",
            "--no-progress",
            "--data-dir",
            tmp.resolve("data").toString(),
            "--output",
            tmp.resolve("out").toString(),
            "--ui",
            "--ui-port",
            "0");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.err()).containsPattern("sluice: dashboard on http://127\\.0\\.0\\.1:[0-9]+/");
    // and leave the run's report beside the output, as sluice run does, its page with the charts
    Path report = tmp.resolve("out.run-report.json");
    assertThat(r.out()).contains("report:  " + tmp.resolve("out.run-report.html"));
    JsonNode tree = JSON.readTree(report.toFile());
    assertThat(tree.path("outcome").asText()).isEqualTo("succeeded");
    assertThat(tree.at("/rows/committed").asLong()).isEqualTo(2000);
    assertThat(tree.at("/timeline/samples").size()).isPositive();
    assertThat(tree.has("id")).isFalse();
    assertThat(tmp.resolve("out.run-report.html"))
        .content()
        .contains("window.SLUICE_REPORT = {")
        .contains("\"timeline\" : {");
  }

  private static JsonNode awaitRunning(String base, CompletableFuture<CliRun> run)
      throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      if (run.isDone()) {
        fail("the run ended before its dashboard showed it: " + run.get().err());
      }
      try {
        JsonNode jobs = JSON.readTree(get(base + "api/jobs").body()).path("jobs");
        if (jobs.size() > 0
            && jobs.get(0).path("outcome").asText().equals("running")
            && JSON.readTree(get(base + "api/jobs/" + jobs.get(0).path("id").asText()).body())
                .at("/operators/0/state/blocked")
                .isTextual()) {
          return jobs;
        }
      } catch (IOException starting) {
        // not serving yet
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the dashboard never showed the running job");
  }

  /**
   * The log tail's answer once it holds a line containing {@code text} (the job logs it while it
   * runs).
   */
  private static String awaitLog(String url, String text) throws Exception {
    String body = "";
    for (int i = 0; i < 200 && !body.contains(text); i++) {
      body = get(url).body();
      Thread.sleep(100);
    }
    assertThat(body).as("the log tail").contains(text);
    return body;
  }

  private static JsonNode firstEvent(String url) throws Exception {
    HttpResponse<Stream<String>> r =
        HTTP.send(
            HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
            HttpResponse.BodyHandlers.ofLines());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
    try (Stream<String> lines = r.body()) {
      Iterator<String> it = lines.iterator();
      assertThat(it.next()).isEqualTo("event: snapshot");
      String data = it.next();
      assertThat(data).startsWith("data: ");
      return JSON.readTree(data.substring("data: ".length()));
    }
  }

  /** The last snapshot of an event stream, read to its {@code end}. */
  private static JsonNode lastEvent(String url) {
    try {
      HttpResponse<Stream<String>> r =
          HTTP.send(
              HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofLines());
      JsonNode last = null;
      try (Stream<String> lines = r.body()) {
        for (Iterator<String> it = lines.iterator(); it.hasNext(); ) {
          String line = it.next();
          if (line.equals("event: end")) {
            return last;
          }
          if (line.startsWith("data: ")) {
            last = JSON.readTree(line.substring("data: ".length()));
          }
        }
      }
      throw new AssertionError("the event stream closed without its end event; last: " + last);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  static HttpResponse<String> get(String url) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
