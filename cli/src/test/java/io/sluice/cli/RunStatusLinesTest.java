package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Without a terminal (stderr is a file, as under cron or Kubernetes) {@code sluice run} logs one
 * compact status line every {@code --status-interval} seconds instead of redrawing progress bars.
 */
class RunStatusLinesTest {

  @TempDir
  Path tmp;

  @Test
  void aRunWithoutATerminalLogsStatusLinesAndNoBars() throws Exception {
    Path in = JobCorpus.write(tmp.resolve("in"), 3000, 2);
    Path file = tmp.resolve("statusy.yaml");
    Files.writeString(file, """
        version: 1
        name: statusy
        source: {format: parquet, paths: %s}
        steps:
          - filter: {class: io.sluice.cli.testjobs.SlowFilter}
        sink: {format: parquet, path: out/${date}}
        execution: {memory_budget: 128m}
        """.formatted(in));

    JobProcess.Result r = JobProcess.run(tmp, "run", file.toString(), "--date", "2026-12-01", "--status-interval",
        "1");

    assertThat(r.code()).as(r.toString()).isZero();
    List<String> lines = r.err().lines().filter(l -> l.startsWith("status ")).toList();
    assertThat(lines).as(r.err()).isNotEmpty().allSatisfy(l -> assertThat(l)
        .matches("status statusy-2026-12-01: [\\d,]+ rows, [\\d,]+ rows/s, memory [\\d.]+ [MG]iB / 128.0 MiB.*"));
    assertThat(r.err() + r.out()).doesNotContain("\r");
    assertThat(r.out()).contains("3,000 rows committed");
  }
}
