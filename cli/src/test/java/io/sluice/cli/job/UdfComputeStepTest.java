package io.sluice.cli.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.api.ExecutionOptions;
import io.sluice.api.Row;
import io.sluice.api.Sluice;
import io.sluice.api.spi.WriteOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A {@code udf} step's {@code compute}: batch sizes by rows and bytes reach the executor. */
class UdfComputeStepTest {

  @TempDir Path tmp;

  private List<Row> run(String compute) {
    Path in = tmp.resolve("in");
    if (!Files.exists(in)) {
      try (Sluice sluice = Sluice.local(ExecutionOptions.builder().progress(false).build())) {
        sluice.range(1000).writeParquet(in.toString(), WriteOptions.defaults());
      }
    }
    String yaml =
        """
        version: 1
        name: udf-compute
        source: {format: parquet, paths: "%s"}
        steps:
          - udf: {class: io.sluice.cli.testjobs.RowCountColumn, compute: %s}
        sink: {format: parquet, path: out}
        """
            .formatted(in, compute);
    ResolvedJob job =
        JobFiles.parse(
            "job.yaml", yaml, LocalDate.parse("2026-12-01"), Map.of(), Clock.systemUTC());
    try (Sluice sluice = Sluice.local(job.spec().execution().options(false))) {
      return new PipelineBuilder("job.yaml", UdfComputeStepTest.class.getClassLoader())
          .build(sluice, job.spec(), Map.of())
          .takeAll();
    }
  }

  @Test
  void tasksBatchSizeCutsEveryCallToThatManyRows() {
    List<Row> rows = run("{kind: tasks, batch_size: 64}");
    assertThat(rows).hasSize(1000);
    assertThat(rows.stream().filter(r -> r.getInt("batch_rows") != 64).count())
        .isEqualTo(1000 % 64);
  }

  @Test
  void batchBytesCapsTheCalls() {
    // 8-byte ids: 800 bytes hold at most 100 rows
    List<Row> rows = run("{kind: tasks, batch_bytes: 800}");
    assertThat(rows)
        .hasSize(1000)
        .allSatisfy(r -> assertThat(r.getInt("batch_rows")).isBetween(1, 100));
    List<Row> actors = run("{actors: 1, batch_size: 500, batch_bytes: 800}");
    assertThat(actors)
        .hasSize(1000)
        .allSatisfy(r -> assertThat(r.getInt("batch_rows")).isBetween(1, 100));
  }
}
