package io.sluice.benchmarks.inference;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.api.udf.BatchUdf;
import io.sluice.api.udf.UdfContext;
import io.sluice.inference.CpuLayout;
import io.sluice.inference.MiniLm;
import io.sluice.inference.OnnxModelSpec;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.Test;

/** Calibration measures both layouts on the real model and picks the faster. */
class CpuCalibrationTest {

  @Test
  void calibrationMeasuresBothLayoutsAndPicksTheFaster() throws Exception {
    try (BufferAllocator allocator = new RootAllocator();
        VectorSchemaRoot window = tokenized(allocator, 64)) {
      OnnxModelSpec spec = MiniLm.embedder(MiniLm.INT8).modelBatchSize(16);
      CpuCalibration.Result r = CpuCalibration.run(spec, window, 2, 2, allocator);
      System.out.println("calibration (int8, 64 rows, batch 16): " + r.measurements());
      assertThat(r.measurements())
          .extracting(CpuCalibration.Measurement::layout)
          .contains(CpuLayout.oneActor(2), CpuLayout.actorPerCore(2));
      assertThat(r.measurements())
          .allSatisfy(
              m -> {
                assertThat(m.rowsPerSecond()).hasSize(2);
                assertThat(m.median()).isPositive();
              });
      CpuCalibration.Measurement fastest =
          r.measurements().stream()
              .max(Comparator.comparingDouble(CpuCalibration.Measurement::median))
              .orElseThrow();
      assertThat(r.best()).isEqualTo(fastest.layout());
    }
  }

  /** {@code rows} corpus texts of varied length, tokenized for MiniLM. */
  private static VectorSchemaRoot tokenized(BufferAllocator allocator, int rows) throws Exception {
    VarCharVector text = new VarCharVector("text", allocator);
    text.allocateNew(rows);
    for (int i = 0; i < rows; i++) {
      text.setSafe(i, AblationCorpus.text(3, i).getBytes(StandardCharsets.UTF_8));
    }
    text.setValueCount(rows);
    try (VectorSchemaRoot in = new VectorSchemaRoot(List.<FieldVector>of(text));
        BatchUdf tok = MiniLm.tokenizer("text").create(UdfContext.cpu("tok", 0, 1))) {
      in.setRowCount(rows);
      return tok.apply(in, allocator);
    }
  }
}
