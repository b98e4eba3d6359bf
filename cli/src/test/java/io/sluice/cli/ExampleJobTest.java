package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.api.ExecutionOptions;
import io.sluice.api.Row;
import io.sluice.api.Sluice;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * examples/jobs/nightly-embed.yaml, the shipped example, with the real (int8) MiniLM on a 100-row
 * generated corpus: the one job-file test that runs a model.
 */
class ExampleJobTest {

  static final Path EXAMPLE = Path.of("..", "examples", "jobs", "nightly-embed.yaml");

  @TempDir Path tmp;

  private String[] args(String... more) {
    List<String> a =
        new ArrayList<>(
            List.of(
                "run",
                EXAMPLE.toString(),
                "--date",
                "2026-12-01",
                "--set",
                "rows=100",
                "--set",
                "model=minilm-int8",
                "--set",
                "data=" + tmp.resolve("data"),
                "--set",
                "out=" + tmp.resolve("out"),
                "--no-progress"));
    a.addAll(List.of(more));
    return a.toArray(String[]::new);
  }

  @Test
  void theExampleEmbedsTheGeneratedCorpusAndARerunOfTheDateIsANoOp() throws Exception {
    CliRun dry = CliRun.of(args("--dry-run"));
    assertThat(dry.exitCode()).as(dry.err()).isZero();
    assertThat(dry.out())
        .contains("job id nightly-embed-2026-12-01")
        .contains("would be generated");
    assertThat(tmp.resolve("data")).doesNotExist();

    CliRun run = CliRun.of(args());
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.err()).contains("generated the demo corpus");
    assertThat(run.out()).contains("Onnx(").contains("100 rows committed");
    Path out = tmp.resolve("out/nightly-embed/2026-12-01");
    try (Sluice sluice = Sluice.local(ExecutionOptions.builder().progress(false).build())) {
      List<Row> rows = sluice.readParquet(out.toString()).takeAll();
      assertThat(rows).hasSize(100);
      assertThat(rows.get(0).names()).containsExactly("id", "text", "embedding");
      assertThat(
              rows.stream()
                  .filter(r -> r.get("text") != null)
                  .findFirst()
                  .orElseThrow()
                  .getFloats("embedding"))
          .hasSize(384);
    }
    JsonNode report =
        new ObjectMapper()
            .readTree(tmp.resolve("out/nightly-embed/2026-12-01.run-report.json").toFile());
    assertThat(report.at("/job/params/model").asText()).isEqualTo("minilm-int8");
    assertThat(report.get("operators").toString()).contains("Onnx(");

    CliRun again = CliRun.of(args());
    assertThat(again.exitCode()).as(again.err()).isZero();
    assertThat(again.out()).contains("already committed by an earlier run");

    CliRun plan = CliRun.of(args("--dry-run"));
    assertThat(plan.out())
        .contains("# optimized plan")
        .contains("Onnx(all-minilm-l6-v2-q.onnx)")
        .contains("Tokenize(text)");
  }
}
