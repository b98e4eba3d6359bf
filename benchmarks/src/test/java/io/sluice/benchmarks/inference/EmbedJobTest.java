package io.sluice.benchmarks.inference;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.api.ExecutionOptions;
import io.sluice.api.Sluice;
import io.sluice.inference.CpuLayout;
import io.sluice.inference.InferenceStats;
import io.sluice.inference.MiniLm;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The model loop's counters reach the job's stats per operator: no process-wide registry. */
class EmbedJobTest {

  @TempDir Path tmp;

  @Test
  void modelCountersOfOneJobShowInItsStatsAndNotInTheNext() {
    try (Sluice sluice =
        Sluice.local(ExecutionOptions.builder().cpuSlots(2).progress(false).build())) {
      String input = tmp.resolve("in").toString();
      AblationCorpus.write(sluice, input, 48, 5);
      EmbedJob job =
          new EmbedJob(MiniLm.embedder(MiniLm.INT8).modelBatchSize(16), CpuLayout.oneActor(1), 24);

      EmbedJob.Run first = job.run(sluice, input, tmp.resolve("out1"));
      assertThat(first.stats().rows()).isEqualTo(48);
      assertThat(first.stats().windows()).isGreaterThanOrEqualTo(2);
      assertThat(first.stats().batches()).isGreaterThanOrEqualTo(4);
      assertThat(first.stats().paddingEfficiency()).isBetween(0.01, 1.0);
      assertThat(first.stats().runNanos()).isPositive();
      assertThat(first.job().toTable()).contains("model.rows=48");

      EmbedJob.Run second = job.run(sluice, input, tmp.resolve("out2"));
      assertThat(second.stats().rows()).as("a job counts only its own model calls").isEqualTo(48);
      assertThat(InferenceStats.Snapshot.of(Map.of()).rows()).isZero();
    }
  }
}
