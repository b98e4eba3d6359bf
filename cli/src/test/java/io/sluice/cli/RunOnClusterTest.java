package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.api.ExecutionOptions;
import io.sluice.api.Row;
import io.sluice.api.Sluice;
import io.sluice.flink.FlinkCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sluice run JOB.yaml --cluster} and {@code sluice submit --cluster} (each in its own JVM)
 * against a Flink cluster's REST endpoint: a MiniCluster in this test's JVM, which has Sluice's
 * classes but not the driver's, so the submitted driver only works if its jar is shipped with its
 * jobs.
 */
class RunOnClusterTest {

  /**
   * Each job uploads the test class path's ~170 jars (merged to 100 files) to the cluster: minutes
   * on a busy machine.
   */
  private static final long SLOW = 300;

  private static FlinkCluster flink;
  private static String address;

  @TempDir Path tmp;

  @BeforeAll
  static void start() {
    flink = FlinkCluster.embedded(1, 2);
    address = "127.0.0.1:" + flink.restAddress().getPort();
  }

  @AfterAll
  static void stop() {
    flink.close();
  }

  private static List<Long> ids(Path dir) {
    try (Sluice sluice = Sluice.local(ExecutionOptions.builder().progress(false).build())) {
      return sluice.readParquet(dir.toString()).takeAll().stream()
          .map(r -> r.getLong("id"))
          .sorted()
          .toList();
    }
  }

  @Test
  void aJobFileRunsOnTheClusterWithItsReport() throws Exception {
    Path in = JobCorpus.write(tmp.resolve("in"), 400, 2);
    Path file = tmp.resolve("clustered.yaml");
    Files.writeString(
        file,
        """
        version: 1
        name: clustered
        source: {format: parquet, paths: %s}
        steps:
          - filter: "id %% 2 == 0"
        sink: {format: parquet, path: "%s/${date}"}
        execution: {memory_budget: 128m}
        """
            .formatted(in, tmp.resolve("out")));
    Path relativeFile = tmp.resolve("relative.yaml");
    Files.writeString(
        relativeFile, Files.readString(file).replace(tmp.resolve("out").toString(), "out"));
    JobProcess.Result relative =
        JobProcess.run(tmp, "run", relativeFile.toString(), "--cluster", address);
    assertThat(relative.code()).as(relative.toString()).isEqualTo(2);
    assertThat(relative.err())
        .containsPattern("line \\d+: sink.path")
        .contains("'out/2026-")
        .contains("absolute or URIs");

    JobProcess.Result r =
        JobProcess.start(
                tmp,
                "run",
                file.toString(),
                "--date",
                "2026-12-01",
                "--no-progress",
                "--ui-log-level",
                "info",
                "--cluster",
                address)
            .await(SLOW);

    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(ids(tmp.resolve("out/2026-12-01")))
        .isEqualTo(LongStream.range(0, 200).map(i -> 2 * i).boxed().toList());
    JsonNode report =
        new ObjectMapper().readTree(tmp.resolve("out/2026-12-01.run-report.json").toFile());
    assertThat(report.get("backend").asText()).isEqualTo("flink " + address);
    assertThat(report.get("outcome").asText()).isEqualTo("succeeded");
    assertThat(report.at("/rows/committed").asLong()).isEqualTo(200);
    // --ui-log-level info: the launcher logs INFO lines (Flink's client has some) and the tail
    // keeps them
    assertThat(report.path("logs").findValuesAsText("level")).as(r.err()).contains("INFO");
    // the flink panel's model: the MiniCluster's one TaskManager (2 slots, no GPU) ran every task
    JsonNode flinkNode = report.path("flink");
    assertThat(flinkNode.path("error").isNull()).as(flinkNode.toString()).isTrue();
    assertThat(flinkNode.path("web_ui").asText()).isEqualTo("http://" + address + "/");
    assertThat(flinkNode.path("job_page").asText())
        .isEqualTo(
            "http://"
                + address
                + "/#/job/completed/"
                + flinkNode.path("job_id").asText()
                + "/overview");
    JsonNode tms = flinkNode.path("task_managers");
    assertThat(tms).hasSize(1);
    assertThat(tms.get(0).path("kind").asText()).isEqualTo("cpu");
    assertThat(tms.get(0).path("gpus").asInt()).isZero();
    assertThat(tms.get(0).path("slots").asInt()).isEqualTo(2);
    String tm = tms.get(0).path("id").asText();
    // read -> filter -> write chain into one Flink task here
    assertThat(flinkNode.path("placement").size()).as(flinkNode.toString()).isPositive();
    for (JsonNode p : flinkNode.path("placement")) {
      assertThat(p.path("task").asText()).isNotEmpty();
      assertThat(p.path("parallelism").asInt()).isPositive();
      assertThat(p.path("task_managers").toString()).isEqualTo("[\"" + tm + "\"]");
    }

    HeadlessChromium.require();
    try (HeadlessChromium browser = HeadlessChromium.start(tmp)) {
      browser.open(tmp.resolve("out/2026-12-01.run-report.html").toUri().toString());
      String page = browser.domWhen("#flink #flink-placement tr.placement", Duration.ofSeconds(20));
      // the rendered app only: the page's own script holds the panel's markup as strings
      String app = page.substring(page.indexOf("<main id=\"app\""), page.indexOf("</main>"));
      assertThat(app)
          .contains("<tr class=\"tm tm-cpu\" data-tm=\"" + tm + "\">")
          .contains("id=\"flink-ui\" href=\"http://" + address + "/\"")
          .doesNotContain("id=\"flink-error\"");
      browser.screenshot(DashboardTest.SHOTS.resolve("run-report-flink.png"));
    }
  }

  @Test
  void aSubmittedDriverRunsOnTheClusterWithItsJarShipped() throws Exception {
    Path jar =
        UserJar.build(
            tmp.resolve("jar"),
            "com.acme.Squares",
            """
        package com.acme;

        import io.sluice.api.Row;
        import io.sluice.api.Sluice;

        public final class Squares {
          public static void main(String[] args) {
            try (Sluice s = Sluice.local()) {
              long n = s.range(300).map(r -> Row.of("id", r.getLong("id"), "square", r.getLong("id") * r.getLong("id")))
                  .writeParquet(args[0]).rows();
              System.out.println("squares wrote " + n + " rows");
            }
          }
        }
        """);
    Path out = tmp.resolve("squares");

    JobProcess.Result r =
        JobProcess.start(
                tmp,
                "submit",
                "--jar",
                jar.toString(),
                "--class",
                "com.acme.Squares",
                "--cluster",
                address,
                "--",
                out.toString())
            .await(SLOW);

    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out()).contains("squares wrote 300 rows").contains("300 rows committed");
    assertThat(ids(out)).isEqualTo(LongStream.range(0, 300).boxed().toList());
    JsonNode report = new ObjectMapper().readTree(tmp.resolve("Squares.run-report.json").toFile());
    assertThat(report.get("backend").asText()).isEqualTo("flink " + address);
    try (Sluice sluice = Sluice.local(ExecutionOptions.builder().progress(false).build())) {
      Row first =
          sluice
              .readParquet(out.toString())
              .filter(row -> row.getLong("id") == 17)
              .takeAll()
              .get(0);
      assertThat(first.getLong("square")).isEqualTo(289);
    }
  }
}
