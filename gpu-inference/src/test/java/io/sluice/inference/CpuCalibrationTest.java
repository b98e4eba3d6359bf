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
  void ruleCapsThreadsPerSessionAndFillsTheCores() {
    assertThat(CpuLayout.rule(1)).isEqualTo(new CpuLayout(1, 1, false));
    assertThat(CpuLayout.rule(2)).isEqualTo(CpuLayout.oneActor(2));
    assertThat(CpuLayout.rule(4)).isEqualTo(CpuLayout.oneActor(4));
    assertThat(CpuLayout.rule(16)).isEqualTo(new CpuLayout(4, 4, false));
    assertThat(CpuLayout.oneActor(2).flipped()).isEqualTo(CpuLayout.actorPerCore(2));
    assertThat(CpuLayout.rule(8).compute(2048).batchSize()).isEqualTo(2048);
    assertThat(CpuLayout.rule(8).apply(MiniLm.embedder(MiniLm.INT8)).intraOpThreads()).isEqualTo(4);
  }
}
