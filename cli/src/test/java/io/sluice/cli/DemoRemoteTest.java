package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.api.ExecutionOptions;
import io.sluice.api.Row;
import io.sluice.api.Sluice;
import io.sluice.remote.fixture.FixtureProcess;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sluice demo --remote URL --remote URL}: the demo corpus embedded by two fixture servers
 * (real MiniLM).
 */
class DemoRemoteTest {

  @TempDir Path tmp;

  @Test
  void embedsTheDemoCorpusThroughTwoServers() throws Exception {
    Path out = tmp.resolve("out");
    try (FixtureProcess a = FixtureProcess.start();
        FixtureProcess b = FixtureProcess.start()) {
      CliRun run =
          CliRun.of(
              "demo",
              "--rows",
              "60",
              "--remote",
              a.uri().toString(),
              "--remote",
              b.uri().toString(),
              "--remote-concurrency",
              "4",
              "--data-dir",
              tmp.resolve("data").toString(),
              "--output",
              out.toString(),
              "--no-progress");
      assertThat(run.exitCode()).as(run.err()).isZero();
      assertThat(run.out())
          .contains("2 remote server(s)", RemoteEmbeddingPipeline.OPERATOR_PREFIX, "rows/s:");
      assertThat(a.requests()).isPositive();
      assertThat(b.requests()).isPositive();
      try (Sluice sluice = Sluice.local(ExecutionOptions.builder().progress(false).build())) {
        List<Row> rows = sluice.readParquet(out.toString()).takeAll();
        assertThat(rows).hasSize(60);
        assertThat(rows.get(0).names()).containsExactly("id", "text", "embedding");
        long texts = rows.stream().filter(r -> r.get("text") != null).count();
        assertThat(a.requests() + b.requests())
            .as("one request per non-null text")
            .isEqualTo(texts);
        for (Row r : rows) {
          if (r.get("text") == null) {
            assertThat(r.get("embedding")).isNull();
          } else {
            assertThat(r.getFloats("embedding")).hasSize(384);
          }
        }
      }
    }
  }

  @Test
  void aMalformedRemoteUrlIsABadInput() {
    CliRun run =
        CliRun.of(
            "demo",
            "--rows",
            "10",
            "--remote",
            "ftp://x/",
            "--data-dir",
            tmp.toString(),
            "--output",
            tmp.resolve("o").toString(),
            "--no-progress");
    assertThat(run.exitCode()).isNotZero();
    assertThat(run.err()).contains("--remote ftp://x/");
  }
}
