package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.api.ExecutionOptions;
import io.sluice.api.Row;
import io.sluice.api.Sluice;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EngineDemoCommandTest {

  @TempDir Path tmp;

  @Test
  void runsReadMapActorMapWriteAndPrintsStats() {
    Path out = tmp.resolve("out");
    CliRun run =
        CliRun.of(
            "engine-demo",
            "--rows",
            "20000",
            "--data-dir",
            tmp.resolve("data").toString(),
            "--output",
            out.toString(),
            "--no-progress");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("CategoryLabeler", "rows/s:", "peak Arrow");
    try (Sluice sluice = Sluice.local(ExecutionOptions.builder().progress(false).build())) {
      List<Row> rows = sluice.readParquet(out.toString()).takeAll();
      assertThat(rows).hasSize(20_000);
      Row r = rows.get(123);
      assertThat(r.getString("label")).isEqualTo("category-" + r.getLong("key"));
      assertThat(r.getDouble("score")).isEqualTo(r.getDouble("value") * r.getLong("key"));
    }
  }
}
