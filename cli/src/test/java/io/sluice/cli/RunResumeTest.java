package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.api.ExecutionOptions;
import io.sluice.api.Row;
import io.sluice.api.Sluice;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Resumable by default: a run killed with SIGKILL leaves checkpoints and a lease behind; the next
 * run of the same job and date takes the dead run's lease over at once, resumes, and says how many
 * rows it processed and how many came from checkpoints. {@code --fresh} starts over instead.
 */
class RunResumeTest {

  private static final long ROWS = 3000;

  @TempDir Path tmp;

  @Test
  void aKilledRunResumesAndFreshStartsOver() throws Exception {
    Path in = JobCorpus.write(tmp.resolve("in"), ROWS, 6);
    Path file = tmp.resolve("resume.yaml");
    Files.writeString(
        file,
        """
        version: 1
        name: resume
        source: {format: parquet, paths: %s}
        steps:
          - filter: {class: io.sluice.cli.testjobs.SlowFilter}
        sink: {format: parquet, path: "out/${date}"}
        execution: {memory_budget: 128m, cpu_slots: 2}
        """
            .formatted(in));

    killAfterCheckpoints(file, "2026-12-01");
    JobProcess.Result resumed =
        JobProcess.run(tmp, "run", file.toString(), "--date", "2026-12-01", "--no-progress");
    assertThat(resumed.code()).as(resumed.toString()).isZero();
    assertThat(resumed.err()).contains("took over the stale lease").contains("no longer exists");
    JsonNode report = report("2026-12-01");
    long processed = report.at("/rows/processed").asLong();
    long fromCheckpoints = report.at("/rows/resumed").asLong();
    assertThat(fromCheckpoints).isPositive();
    assertThat(processed).isPositive();
    assertThat(processed + fromCheckpoints).isEqualTo(ROWS);
    assertThat(lastLine(resumed.out()))
        .contains(String.format("%,d rows committed", ROWS))
        .contains(String.format("%,d processed by this run", processed))
        .contains(String.format("%,d from checkpoints of earlier runs", fromCheckpoints));
    assertExactlyOnce("2026-12-01");

    killAfterCheckpoints(file, "2026-12-02");
    JobProcess.Result fresh =
        JobProcess.run(
            tmp, "run", file.toString(), "--date", "2026-12-02", "--fresh", "--no-progress");
    assertThat(fresh.code()).as(fresh.toString()).isZero();
    assertThat(fresh.err()).contains("--fresh: discarded the checkpoints of resume-2026-12-02");
    assertThat(report("2026-12-02").at("/rows/processed").asLong()).isEqualTo(ROWS);
    assertThat(report("2026-12-02").at("/rows/resumed").asLong()).isZero();
    assertThat(report("2026-12-02").get("fresh").asBoolean()).isTrue();
    assertExactlyOnce("2026-12-02");
  }

  /** Starts the job and SIGKILLs it once two of its six splits are checkpointed. */
  private void killAfterCheckpoints(Path file, String date) throws Exception {
    JobProcess run = JobProcess.start(tmp, "run", file.toString(), "--date", date, "--no-progress");
    Path checkpoints =
        tmp.resolve("out/.sluice-staging-" + date + "-resume-" + date + "/_checkpoints");
    RunExitCodesTest.waitFor(() -> count(checkpoints) >= 2, run);
    run.kill();
    assertThat(tmp.resolve("out/" + date + "/_SUCCESS")).doesNotExist();
    assertThat(tmp.resolve("out/." + date + ".sluice-lease"))
        .as("SIGKILL leaves the lease")
        .exists();
  }

  private static long count(Path dir) {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.toString().endsWith(".ckpt")).count();
    } catch (IOException e) {
      return 0;
    }
  }

  private JsonNode report(String date) throws IOException {
    return new ObjectMapper().readTree(tmp.resolve("out/" + date + ".run-report.json").toFile());
  }

  private void assertExactlyOnce(String date) {
    try (Sluice sluice = Sluice.local(ExecutionOptions.builder().progress(false).build())) {
      List<Row> rows = sluice.readParquet(tmp.resolve("out/" + date).toString()).takeAll();
      assertThat(rows).hasSize((int) ROWS);
      assertThat(rows.stream().map(r -> r.getLong("id")).distinct().count()).isEqualTo(ROWS);
    }
  }

  private static String lastLine(String text) {
    return text.strip().lines().reduce((a, b) -> b).orElse("");
  }
}
