package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.api.ExecutionOptions;
import io.sluice.api.Row;
import io.sluice.api.Sluice;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every exit code of {@code sluice run}, end to end: the launcher's main class in its own JVM
 * ({@link JobProcess}) on small generated Parquet.
 */
class RunExitCodesTest {

  private static final String SECRET = "FAKE-S3-SECRET-0123456789abcdef";

  @TempDir Path tmp;

  private Path job(String name, String source, String steps, String execution) throws Exception {
    Path file = tmp.resolve(name + ".yaml");
    Files.writeString(
        file,
        """
        version: 1
        name: %s
        source:
        %s
        steps:
        %s
        sink:
          format: parquet
          path: out/%s/${date}
        execution:
          memory_budget: 128m
        %s
        """
            .formatted(
                name,
                source.indent(2).stripTrailing(),
                steps.indent(2).stripTrailing(),
                name,
                execution.indent(2).stripTrailing()));
    return file;
  }

  private static String parquet(Path dir) {
    return "format: parquet\npaths: " + dir;
  }

  @Test
  void exit0AfterAJobWithAUdfFromAJarBuiltHere() throws Exception {
    Path in = JobCorpus.write(tmp.resolve("in"), 300, 2);
    Path jar = UserJar.build(tmp.resolve("jar"));
    Path file =
        job(
            "tagged",
            parquet(in),
            """
        - udf:
            class: com.acme.Tagger
            options: {tag: nightly}
            compute: {actors: 1, batch_size: 64}""",
            "");

    JobProcess.Result r =
        JobProcess.run(
            tmp,
            "run",
            file.toString(),
            "--date",
            "2026-12-01",
            "--jar",
            jar.toString(),
            "--no-progress");

    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out())
        .contains("Tagger")
        .contains("succeeded (exit 0)")
        .contains("300 rows committed");
    try (Sluice sluice = Sluice.local(ExecutionOptions.builder().progress(false).build())) {
      List<Row> rows =
          sluice.readParquet(tmp.resolve("out/tagged/2026-12-01").toString()).takeAll();
      assertThat(rows)
          .hasSize(300)
          .allSatisfy(row -> assertThat(row.getString("tag")).isEqualTo("nightly"));
    }
    JsonNode report =
        new ObjectMapper().readTree(tmp.resolve("out/tagged/2026-12-01.run-report.json").toFile());
    assertThat(report.get("exit_code").asInt()).isZero();
  }

  @Test
  void exit1WhenTheInputIsMissingNamingThePath() throws Exception {
    Path missing = tmp.resolve("no-such-input");
    Path file = job("missing", parquet(missing), "- limit: 10", "");

    JobProcess.Result r =
        JobProcess.run(tmp, "run", file.toString(), "--date", "2026-12-01", "--no-progress");

    assertThat(r.code()).as(r.toString()).isEqualTo(1);
    assertThat(r.err()).contains(missing.toString()).contains("failed").doesNotContain("\tat ");
    JsonNode report =
        new ObjectMapper().readTree(tmp.resolve("out/missing/2026-12-01.run-report.json").toFile());
    assertThat(report.get("outcome").asText()).isEqualTo("failed");
    assertThat(report.at("/error/message").asText()).contains(missing.toString());
    assertThat(report.at("/output/committed").asBoolean()).isFalse();
    assertThat(tmp.resolve("out/missing/2026-12-01")).doesNotExist();
  }

  @Test
  void exit2ForABadJobFileAndABadCommandLine() throws Exception {
    Path file = job("bad", "format: parquet\npaths: in\nprojektion: [id]", "- limit: 10", "");

    JobProcess.Result r = JobProcess.run(tmp, "run", file.toString(), "--date", "2026-12-01");
    assertThat(r.code()).as(r.toString()).isEqualTo(2);
    assertThat(r.err())
        .contains("bad.yaml")
        .contains("line 6")
        .contains("source.projektion")
        .contains("unknown key");

    JobProcess.Result flag = JobProcess.run(tmp, "run", file.toString(), "--no-such-flag");
    assertThat(flag.code()).as(flag.toString()).isEqualTo(2);
    assertThat(flag.err()).contains("--no-such-flag");
  }

  @Test
  void exit3WhileAnotherRunOfTheSameJobAndDateHoldsTheLease() throws Exception {
    Path in = JobCorpus.write(tmp.resolve("in"), 200, 2);
    Path gate = tmp.resolve("gate");
    Path file =
        job("overlap", parquet(in), "- filter: {class: io.sluice.cli.testjobs.GatedFilter}", "");
    JobProcess first =
        JobProcess.start(
            tmp,
            Map.of("SLUICE_TEST_GATE", gate.toString()),
            "run",
            file.toString(),
            "--date",
            "2026-12-01",
            "--no-progress");
    Path lease = tmp.resolve("out/overlap/.2026-12-01.sluice-lease");
    waitFor(() -> Files.exists(lease), first);

    JobProcess.Result second =
        JobProcess.run(tmp, "run", file.toString(), "--date", "2026-12-01", "--no-progress");
    assertThat(second.code()).as(second.toString()).isEqualTo(3);
    assertThat(second.err())
        .contains("overlap-2026-12-01 is already running")
        .contains("pid " + first.pid())
        .contains(lease.toString());

    JobProcess.Result otherDate =
        JobProcess.run(tmp, "run", file.toString(), "--date", "2026-12-02", "--dry-run");
    assertThat(otherDate.code()).as("another date is another job").isZero();

    Files.createFile(gate);
    JobProcess.Result done = first.await();
    assertThat(done.code()).as(done.toString()).isZero();
    assertThat(lease).as("released at the end").doesNotExist();
  }

  @Test
  void exit4WhenMoreRowsWereSkippedThanTheWarningThreshold() throws Exception {
    Path in = JobCorpus.write(tmp.resolve("in"), 1000, 2);
    // A seeded credential in the job: it must not reach the dead letters, the report or the
    // console.
    Path file =
        job(
            "skips",
            parquet(in)
                + "\noptions: {fs.s3a.secret.key: "
                + SECRET
                + ", fs.s3a.access.key: AKIA"
                + SECRET
                + "}",
            "- filter: {class: io.sluice.cli.testjobs.FailOnSevens}",
            """
        on_error: skip
        max_task_retries: 0
        max_errored_rows: 100
        warn_errored_rows: 5""");

    JobProcess.Result r =
        JobProcess.run(tmp, "run", file.toString(), "--date", "2026-12-01", "--no-progress");

    assertThat(r.code()).as(r.toString()).isEqualTo(4);
    assertThat(r.err()).contains("10 rows were skipped (warning threshold 5)");
    assertThat(r.out())
        .contains("990 rows committed")
        .contains("10 rows skipped into dead letters");
    try (Sluice sluice = Sluice.local(ExecutionOptions.builder().progress(false).build())) {
      assertThat(sluice.readParquet(tmp.resolve("out/skips/2026-12-01").toString()).count())
          .isEqualTo(990);
      assertThat(
              sluice
                  .readParquet(tmp.resolve("out/skips/2026-12-01_dead_letter").toString())
                  .count())
          .isEqualTo(10);
    }
    JsonNode report =
        new ObjectMapper().readTree(tmp.resolve("out/skips/2026-12-01.run-report.json").toFile());
    assertThat(report.get("outcome").asText()).isEqualTo("rows_skipped");
    assertThat(report.at("/dead_letters/rows").asLong()).isEqualTo(10);
    assertThat(report.at("/dead_letters/warn_threshold").asLong()).isEqualTo(5);
    assertThat(r.out() + r.err()).doesNotContain(SECRET);
    try (Stream<Path> written = Files.walk(tmp.resolve("out"))) { // outputs, dead letters, report
      assertThat(written.filter(Files::isRegularFile))
          .isNotEmpty()
          .allSatisfy(
              f ->
                  assertThat(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1))
                      .as(f.toString())
                      .doesNotContain(SECRET));
    }
    try (Sluice sluice = Sluice.local(ExecutionOptions.builder().progress(false).build())) {
      List<Row> letters =
          sluice.readParquet(tmp.resolve("out/skips/2026-12-01_dead_letter").toString()).takeAll();
      assertThat(letters)
          .hasSize(10)
          .allSatisfy(
              row -> {
                for (String column : row.names()) {
                  assertThat(String.valueOf(row.get(column))).as(column).doesNotContain(SECRET);
                }
              });
    }
  }

  @Test
  void exit75WhenTheStorageIsUnreachableAndTheSecretIsNeverPrinted() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort(); // closed again: nothing listens there
    }
    Path file =
        job(
            "unreachable",
            """
        format: parquet
        paths: s3a://corpus/in/
        options:
          fs.s3a.endpoint: http://127.0.0.1:%d
          fs.s3a.endpoint.region: us-east-1
          fs.s3a.path.style.access: true
          fs.s3a.aws.credentials.provider: org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider
          fs.s3a.access.key: AKIATEST
          fs.s3a.secret.key: %s
          fs.s3a.attempts.maximum: 1
          fs.s3a.retry.limit: 1
          fs.s3a.retry.interval: 50ms
          fs.s3a.connection.establish.timeout: 2s"""
                .formatted(port, SECRET),
            "- limit: 10",
            "");

    JobProcess.Result r =
        JobProcess.run(tmp, "run", file.toString(), "--date", "2026-12-01", "--no-progress");

    assertThat(r.code()).as(r.toString()).isEqualTo(75);
    assertThat(r.err()).contains("retry later").contains("s3a://corpus/in");
    assertThat(r.out() + r.err()).doesNotContain(SECRET);
    String report = Files.readString(tmp.resolve("out/unreachable/2026-12-01.run-report.json"));
    assertThat(report).doesNotContain(SECRET).contains("\"outcome\" : \"retry_later\"");
  }

  static void waitFor(BooleanSupplier condition, JobProcess process) throws Exception {
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (!condition.getAsBoolean()) {
      if (!process.isAlive()) {
        throw new AssertionError("the run ended early: " + process.await());
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for the run");
      }
      Thread.sleep(20);
    }
  }
}
