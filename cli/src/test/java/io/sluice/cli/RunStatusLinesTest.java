package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Without a terminal (stderr is a file, as under cron or Kubernetes) {@code sluice run} logs one
 * compact status line every {@code --status-interval} seconds instead of redrawing progress bars;
 * its report lists the inputs it read.
 */
class RunStatusLinesTest {

  @TempDir Path tmp;

  @Test
  void aRunWithoutATerminalLogsStatusLinesAndNoBars() throws Exception {
    Path in = JobCorpus.write(tmp.resolve("in"), 3000, 2);
    Path file = tmp.resolve("statusy.yaml");
    Files.writeString(
        file,
        """
        version: 1
        name: statusy
        source: {format: parquet, paths: %s}
        steps:
          - filter: {class: io.sluice.cli.testjobs.SlowFilter}
        sink: {format: parquet, path: "out/${date}"}
        execution: {memory_budget: 128m}
        """
            .formatted(in));

    JobProcess.Result r =
        JobProcess.run(
            tmp, "run", file.toString(), "--date", "2026-12-01", "--status-interval", "1");

    assertThat(r.code()).as(r.toString()).isZero();
    List<String> lines = r.err().lines().filter(l -> l.startsWith("status ")).toList();
    assertThat(lines)
        .as(r.err())
        .isNotEmpty()
        .allSatisfy(
            l ->
                assertThat(l)
                    .matches(
                        "status statusy-2026-12-01: [\\d,]+ rows, [\\d,]+ rows/s, memory [\\d.]+ [MG]iB / 128.0 MiB.*"));
    assertThat(r.err() + r.out()).doesNotContain("\r");
    assertThat(r.out()).contains("3,000 rows committed");

    // the report's inputs: the files the source listed when the run started, and their bytes
    JsonNode inputs =
        new ObjectMapper()
            .readTree(tmp.resolve("out/2026-12-01.run-report.json").toFile())
            .get("inputs");
    long bytes;
    try (var files = Files.walk(in)) {
      bytes =
          files
              .filter(f -> f.toString().endsWith(".parquet"))
              .mapToLong(f -> f.toFile().length())
              .sum();
    }
    assertThat(inputs).hasSize(1);
    assertThat(inputs.get(0).get("format").asText()).isEqualTo("parquet");
    assertThat(inputs.get(0).get("files").asInt()).isEqualTo(2);
    assertThat(inputs.get(0).get("bytes").asLong()).isEqualTo(bytes).isPositive();
  }
}
