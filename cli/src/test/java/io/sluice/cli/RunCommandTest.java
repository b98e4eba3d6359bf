package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.api.ExecutionOptions;
import io.sluice.api.Row;
import io.sluice.api.Sluice;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sluice run} in process: dry run, a real run, its report and summary, --set and templating.
 */
class RunCommandTest {

  private static final String SECRET = "FAKE-S3-SECRET-do-not-print-0123456789";

  @TempDir Path tmp;

  Path corpus;

  @BeforeEach
  void corpus() {
    corpus = JobCorpus.write(tmp.resolve("in/2026-12-01"), 500, 2);
  }

  private Path job(String steps, String extraExecution) throws Exception {
    String yaml =
        """
        version: 1
        name: test-job
        params:
          root: %s
        source:
          format: parquet
          paths: ${param.root}/in/${date}
          options:
            fs.s3a.secret.key: %s
        steps:
        %s
        sink:
          format: parquet
          path: ${param.root}/out/${date:yyyy/MM/dd}
        execution:
          memory_budget: 256m
        %s
        """
            .formatted(
                tmp,
                SECRET,
                steps.indent(2).stripTrailing(),
                extraExecution.indent(2).stripTrailing());
    Path file = tmp.resolve("job.yaml");
    Files.writeString(file, yaml);
    return file;
  }

  @Test
  void dryRunPrintsTheResolvedJobAndThePlanAndRunsNothing() throws Exception {
    Path file =
        job(
            """
        - filter: "text != null && id % 2 == 0"
        - select: [id, text]
        - limit: 100""",
            "");
    CliRun run = CliRun.of("run", file.toString(), "--date", "2026-12-01", "--dry-run");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("job id test-job-2026-12-01, resumable")
        .contains(tmp + "/in/2026-12-01")
        .contains(tmp + "/out/2026/12/01")
        .contains("# optimized plan")
        .contains("Limit")
        .contains("Filter")
        .contains("fs.s3a.secret.key")
        .doesNotContain(SECRET);
    assertThat(run.out() + run.err()).doesNotContain(SECRET);
    assertThat(tmp.resolve("out")).doesNotExist();
  }

  @Test
  void runWritesTheOutputAReportBesideItAndASummaryLine() throws Exception {
    Path file =
        job(
            """
        - filter: "text != null && id % 2 == 0"
        - rename: {text: body}""",
            "");
    CliRun run = CliRun.of("run", file.toString(), "--date", "2026-12-01", "--no-progress");

    assertThat(run.exitCode()).as(run.err()).isZero();
    Path out = tmp.resolve("out/2026/12/01");
    try (Sluice sluice = Sluice.local(ExecutionOptions.builder().progress(false).build())) {
      List<Row> rows = sluice.readParquet(out.toString()).takeAll();
      assertThat(rows)
          .hasSize(200); // even ids 0..498 whose text is not null: 250 minus the 50 multiples of 10
      assertThat(rows.get(0).names()).containsExactly("id", "body");
    }
    String last = run.out().strip().lines().reduce((a, b) -> b).orElseThrow();
    assertThat(last)
        .startsWith("sluice run test-job-2026-12-01: succeeded (exit 0)")
        .contains("200 rows committed")
        .contains("report " + tmp.resolve("out/2026/12/01.run-report.json"));

    Path reportFile = tmp.resolve("out/2026/12/01.run-report.json");
    String text = Files.readString(reportFile);
    assertThat(text).doesNotContain(SECRET);
    JsonNode report = new ObjectMapper().readTree(text);
    assertThat(report.get("schema").asText()).isEqualTo("sluice-run-report");
    assertThat(report.get("schema_version").asInt()).isEqualTo(1);
    assertThat(report.at("/job/job_id").asText()).isEqualTo("test-job-2026-12-01");
    assertThat(report.at("/job/params/root").asText()).isEqualTo(tmp.toString());
    assertThat(report.get("outcome").asText()).isEqualTo("succeeded");
    assertThat(report.get("exit_code").asInt()).isZero();
    assertThat(report.get("error").isNull()).isTrue();
    assertThat(report.at("/rows/processed").asLong()).isEqualTo(200);
    assertThat(report.at("/rows/resumed").asLong()).isZero();
    assertThat(report.at("/output/committed").asBoolean()).isTrue();
    assertThat(report.at("/output/rows").asLong()).isEqualTo(200);
    assertThat(report.at("/output/files").asInt()).isPositive();
    assertThat(report.get("operators").size()).isGreaterThanOrEqualTo(2);
    assertThat(report.get("operators").get(0).get("rows_out").asLong()).isEqualTo(500);
    assertThat(report.at("/definition/source/options/fs.s3a.secret.key").asText())
        .isEqualTo("<redacted>");
    assertThat(Files.list(tmp.resolve("out/2026/12")).map(p -> p.getFileName().toString()))
        .as("the lease is released")
        .noneMatch(n -> n.contains("sluice-lease"));
  }

  @Test
  void setOverridesAParamAndMissingParamsAreBadJobFiles() throws Exception {
    Path file = job("- limit: 10", "");
    Path other = tmp.resolve("elsewhere");
    JobCorpus.write(other.resolve("in/2026-12-02"), 20, 1);
    CliRun run =
        CliRun.of(
            "run",
            file.toString(),
            "--date",
            "2026-12-02",
            "--set",
            "root=" + other,
            "--no-progress",
            "--report",
            tmp.resolve("r.json").toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(other.resolve("out/2026/12/02/_SUCCESS")).isRegularFile();
    assertThat(tmp.resolve("r.json")).isRegularFile();

    Files.writeString(file, Files.readString(file).replace("${param.root}/in", "${param.base}/in"));
    CliRun bad = CliRun.of("run", file.toString(), "--date", "2026-12-02");
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.err()).contains("line 7").contains("source.paths").contains("${param.base}");
  }

  @Test
  void badDateAndMissingJobFileAreExitTwo() {
    CliRun date = CliRun.of("run", "job.yaml", "--date", "12/01/2026");
    assertThat(date.exitCode()).isEqualTo(2);
    assertThat(date.err()).contains("--date 12/01/2026").contains("2026-12-01");
    CliRun missing = CliRun.of("run", tmp.resolve("nope.yaml").toString());
    assertThat(missing.exitCode()).isEqualTo(2);
    assertThat(missing.err()).contains("nope.yaml").contains("cannot read");
  }

  @Test
  void resumingACsvSinkIsABadJobFileNamingTheLineAndKey() throws Exception {
    Path file = job("- limit: 10", "resumable: true");
    Files.writeString(
        file, Files.readString(file).replace("sink:\n  format: parquet", "sink:\n  format: csv"));
    CliRun run = CliRun.of("run", file.toString(), "--date", "2026-12-01", "--dry-run");
    assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
    assertThat(run.err()).contains("line 17: execution.resumable: only parquet sinks can resume");
  }

  @Test
  void aSourceOptionTheFormatRefusesNamesItsLineAndKey() throws Exception {
    Path file = job("- limit: 10", "");
    Files.writeString(
        file,
        Files.readString(file)
            .replace(
                "    fs.s3a.secret.key:",
                String.join("\n", "    vectorized: maybe", "    fs.s3a.secret.key:")));
    CliRun run = CliRun.of("run", file.toString(), "--date", "2026-12-01", "--dry-run");
    assertThat(run.exitCode()).as(run.err()).isEqualTo(2);
    assertThat(run.err())
        .contains("line 9: source.options.vectorized: option vectorized must be true or false");
  }

  @Test
  void helpListsTheExitCodes() {
    CliRun run = CliRun.of("run", "--help");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .contains("Exit codes:")
        .contains("75")
        .contains("lease")
        .contains("--fresh")
        .contains("--dry-run");
  }
}
