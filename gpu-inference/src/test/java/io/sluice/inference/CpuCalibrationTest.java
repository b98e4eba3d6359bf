package io.sluice.inference;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.Test;

/** Calibration measures both layouts and picks the faster; the rule is what its javadoc says. */
class CpuCalibrationTest {

  @Test
  void calibrationMeasuresBothLayoutsAndPicksTheFaster() throws Exception {
    try (BufferAllocator allocator = new RootAllocator()) {
      List<VectorSchemaRoot> sample = Pipelines.tokenize(allocator, Texts.varied(64, 3, 0), 64);
      try (VectorSchemaRoot window = sample.get(0)) {
        OnnxModelSpec spec = MiniLm.embedder(MiniLm.INT8).modelBatchSize(16);
        CpuCalibration.Result r = CpuCalibration.run(spec, window, 2, 2, allocator);
        System.out.println("calibration (int8, 64 rows, batch 16): " + r.measurements());
        assertThat(r.measurements()).extracting(CpuCalibration.Measurement::layout)
            .contains(CpuLayout.oneActor(2), CpuLayout.actorPerCore(2));
        assertThat(r.measurements()).allSatisfy(m -> {
          assertThat(m.rowsPerSecond()).hasSize(2);
          assertThat(m.median()).isPositive();
        });
        CpuCalibration.Measurement fastest = r.measurements().stream()
            .max(java.util.Comparator.comparingDouble(CpuCalibration.Measurement::median)).orElseThrow();
        assertThat(r.best()).isEqualTo(fastest.layout());
      }
    }
  }

  @Test
  void ruleGivesOneActorWithAllCoresAndSharedHostsOneSingleThreadActorPerCoreWhileTheModelsFit() {
    assertThat(CpuLayout.rule(1)).isEqualTo(new CpuLayout(1, 1, false));
    assertThat(CpuLayout.rule(2)).isEqualTo(CpuLayout.oneActor(2));
    long mb = 1L << 20;
    assertThat(CpuLayout.sharedHost(16, 90 * mb, 64L << 30)).isEqualTo(CpuLayout.actorPerCore(16));
    // 90 MB fp32 MiniLM, 1 GiB: 512 MiB / 270 MiB per actor -> 1 actor with all 16 cores
    assertThat(CpuLayout.sharedHost(16, 90 * mb, 1L << 30)).isEqualTo(CpuLayout.oneActor(16));
    assertThat(CpuLayout.sharedHost(16, 90 * mb, 2L << 30)).isEqualTo(new CpuLayout(3, 5, false));
    assertThat(CpuLayout.oneActor(2).flipped()).isEqualTo(CpuLayout.actorPerCore(2));
    assertThat(CpuLayout.rule(8).compute(2048).batchSize()).isEqualTo(2048);
    assertThat(CpuLayout.oneActor(4).apply(MiniLm.embedder(MiniLm.INT8)).intraOpThreads()).isEqualTo(4);
  }
}
