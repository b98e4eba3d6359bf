package io.sluice.cli.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.sluice.api.ErrorPolicy;
import io.sluice.api.spi.WriteMode;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Parsing, schema validation and templating of job files: every error names line and key. */
class JobFilesTest {

  static final String VALID =
      """
      version: 1
      name: nightly-embed
      zone: Europe/Paris
      params:
        corpus: data/corpus
        region: eu
      source:
        format: parquet
        paths: ${param.corpus}/${date:yyyy/MM/dd}
        projection: [id, text]
        options:
          fs.s3a.secret.key: FAKE-SECRET-abc123
      steps:
        - filter: "text != null"
        - rename: {text: body}
        - limit: 100
        - sort: {column: id, ascending: false}
      sink:
        format: parquet
        path: out/${param.region}/${date - 1d}
        mode: overwrite
        file_size: 64m
      execution:
        memory_budget: 512m
        cpu_slots: 2
        on_error: skip
        max_errored_rows: 50
        warn_errored_rows: 5
        lease_timeout: 90s
      """;

  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-12-01T23:30:00Z"), ZoneOffset.UTC);

  private static ResolvedJob parse(String text, Map<String, String> sets) {
    return JobFiles.parse("job.yaml", text, null, sets, CLOCK);
  }

  private static JobFileException problem(String text) {
    return catchThrowableOfType(JobFileException.class, () -> parse(text, Map.of()));
  }

  @Test
  void validJobIsTypedWithTemplatesResolved() {
    ResolvedJob job =
        JobFiles.parse(
            "job.yaml", VALID, LocalDate.parse("2028-03-01"), Map.of("region", "us"), CLOCK);
    JobSpec spec = job.spec();
    assertThat(spec.name()).isEqualTo("nightly-embed");
    assertThat(spec.source().paths()).containsExactly("data/corpus/2028/03/01");
    assertThat(spec.source().projection()).containsExactly("id", "text");
    assertThat(spec.sink().path())
        .as("--set overrides params; leap day")
        .isEqualTo("out/us/2028-02-29");
    assertThat(spec.sink().mode()).isEqualTo(WriteMode.OVERWRITE);
    assertThat(spec.sink().fileBytes()).isEqualTo(64L << 20);
    assertThat(spec.steps())
        .extracting(JobSpec.Step::kind)
        .containsExactly("filter", "rename", "limit", "sort");
    assertThat(spec.steps().get(2).line()).isEqualTo(16);
    assertThat(spec.steps().get(2).key()).isEqualTo("steps[2].limit");
    assertThat(spec.execution().memoryBudget()).isEqualTo(512L << 20);
    assertThat(spec.execution().onError()).isEqualTo(ErrorPolicy.OnError.SKIP);
    assertThat(spec.execution().warnErroredRows()).isEqualTo(5);
    assertThat(spec.execution().leaseTimeout()).hasSeconds(90);
    assertThat(job.jobId()).isEqualTo("nightly-embed-2028-03-01");
  }

  @Test
  void defaultDateIsTodayInTheJobsZone() {
    // 23:30 UTC on Dec 1 is already Dec 2 in Paris, still Dec 1 in UTC and in New York
    assertThat(parse(VALID, Map.of()).date()).isEqualTo(LocalDate.parse("2026-12-02"));
    assertThat(parse(VALID.replace("Europe/Paris", "UTC"), Map.of()).date())
        .isEqualTo(LocalDate.parse("2026-12-01"));
    assertThat(parse(VALID.replace("zone: Europe/Paris\n", ""), Map.of()).date())
        .as("UTC by default")
        .isEqualTo(LocalDate.parse("2026-12-01"));
    assertThat(parse(VALID.replace("Europe/Paris", "America/New_York"), Map.of()).date())
        .isEqualTo(LocalDate.parse("2026-12-01"));
  }

  @Test
  void redactedDocumentHidesCredentials() {
    ResolvedJob job = parse(VALID, Map.of("api_token", "tok-123"));
    assertThat(job.redactedYaml())
        .doesNotContain("FAKE-SECRET-abc123")
        .contains("fs.s3a.secret.key")
        .contains(ResolvedJob.REDACTED);
    assertThat(job.redactedParams())
        .containsEntry("api_token", ResolvedJob.REDACTED)
        .containsEntry("region", "eu");
  }

  @Test
  void yamlSyntaxErrorNamesTheLine() {
    JobFileException e = problem("version: 1\nname: x\nsource: [unclosed\n");
    assertThat(e.problems().get(0).line()).isEqualTo(3);
    assertThat(e).hasMessageStartingWith("job.yaml: line 3").hasMessageContaining("not valid YAML");
  }

  @Test
  void unknownKeyNamesLineAndKey() {
    JobFileException e = problem(VALID.replace("  mode: overwrite", "  mdoe: overwrite"));
    assertThat(e.problems())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.line()).isEqualTo(21);
              assertThat(p.key()).isEqualTo("sink.mdoe");
              assertThat(p.message()).contains("unknown key 'mdoe'");
            });
  }

  @Test
  void badEnumValueSaysWhatIsAllowed() {
    JobFileException e = problem(VALID.replace("mode: overwrite", "mode: replace"));
    assertThat(e.problems())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.line()).isEqualTo(21);
              assertThat(p.key()).isEqualTo("sink.mode");
              assertThat(p.message()).contains("error").contains("overwrite").contains("append");
            });
  }

  @Test
  void wrongTypeSaysWhatWasExpected() {
    JobFileException e = problem(VALID.replace("cpu_slots: 2", "cpu_slots: two"));
    assertThat(e.problems())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.line()).isEqualTo(25);
              assertThat(p.key()).isEqualTo("execution.cpu_slots");
              assertThat(p.message()).contains("string").contains("integer");
            });
  }

  @Test
  void missingRequiredKeyNamesIt() {
    JobFileException e = problem(VALID.replace("  format: parquet\n  path:", "  path:"));
    assertThat(e.problems())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.key()).isEqualTo("sink.format");
              assertThat(p.line()).as("the sink: line").isEqualTo(18);
              assertThat(p.message()).contains("missing").contains("format");
            });
  }

  @Test
  void unknownStepAndTwoKeysInOneStepAreRejected() {
    JobFileException unknown = problem(VALID.replace("- limit: 100", "- take: 100"));
    assertThat(unknown.problems())
        .anySatisfy(
            p -> {
              assertThat(p.line()).isEqualTo(16);
              assertThat(p.key()).isEqualTo("steps[2].take");
              assertThat(p.message()).contains("unknown key 'take'");
            });
    JobFileException two = problem(VALID.replace("- limit: 100", "- {limit: 100, repartition: 2}"));
    assertThat(two.problems())
        .anySatisfy(
            p -> {
              assertThat(p.key()).isEqualTo("steps[2]");
              assertThat(p.message()).contains("1");
            });
  }

  @Test
  void templateErrorsNameLineAndKey() {
    JobFileException e = problem(VALID.replace("${param.region}", "${param.zone}"));
    assertThat(e.problems())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.line()).isEqualTo(20);
              assertThat(p.key()).isEqualTo("sink.path");
              assertThat(p.message()).contains("${param.zone}").contains("--set zone=VALUE");
            });
  }

  @Test
  void semanticErrorsNameLineAndKey() {
    JobFileException zone = problem(VALID.replace("Europe/Paris", "Mars/Olympus"));
    assertThat(zone.problems())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.line()).isEqualTo(3);
              assertThat(p.key()).isEqualTo("zone");
              assertThat(p.message()).contains("Mars/Olympus").contains("Europe/Paris");
            });
    JobFileException size = problem(VALID.replace("file_size: 64m", "file_size: lots"));
    assertThat(size.problems())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.line()).isEqualTo(22);
              assertThat(p.key()).isEqualTo("sink.file_size");
            });
  }

  @Test
  void everyProblemIsReportedAtOnceInLineOrder() {
    JobFileException e =
        problem(VALID.replace("version: 1", "version: 2").replace("mode: overwrite", "mode: x"));
    assertThat(e.problems()).hasSize(2);
    assertThat(e.problems()).extracting(JobFileException.Problem::line).containsExactly(1, 21);
    assertThat(e).hasMessageContaining("2 problems");
  }

  @Test
  void emptyFileSaysWhatAJobNeeds() {
    assertThatThrownBy(() -> parse("", Map.of()))
        .isInstanceOf(JobFileException.class)
        .hasMessageContaining("version, name, source, sink");
  }
}
