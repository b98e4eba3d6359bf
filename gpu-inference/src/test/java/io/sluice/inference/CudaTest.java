package io.sluice.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtProvider;
import io.sluice.api.PlanException;
import io.sluice.api.SluiceException;
import io.sluice.api.udf.BatchUdf;
import io.sluice.api.udf.UdfContext;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * On a machine without CUDA (the CPU onnxruntime jar), asking for CUDA fails fast unless fallback
 * is allowed.
 */
class CudaTest {

  private static final UdfContext GPU_ACTOR = new UdfContext("embed", 0, 1, new int[] {0}, 0.25);

  @BeforeAll
  static void onlyWithoutCuda() {
    assumeFalse(
        OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA),
        "CUDA is available here");
  }

  @Test
  void cudaRequestedFailsFastAtPlanTimeAndInTheActor() {
    Schema text = new Schema(List.of(Field.nullable("text", ArrowType.Utf8.INSTANCE)));
    Schema tokenized = MiniLm.tokenizer("text").outputSchema(text).orElseThrow();
    assertThatThrownBy(() -> MiniLm.embedder(MiniLm.INT8).cuda(0).outputSchema(tokenized))
        .isInstanceOf(PlanException.class)
        .hasMessageContaining("all-minilm-l6-v2-q.onnx")
        .hasMessageContaining("CUDA")
        .hasMessageContaining("allowCpuFallback");
    // An actor pinned to GPU 0 by the executor, spec on AUTO: the session itself refuses.
    assertThatThrownBy(() -> MiniLm.embedder(MiniLm.INT8).create(GPU_ACTOR))
        .isInstanceOf(SluiceException.class)
        .hasMessageContaining("all-minilm-l6-v2-q.onnx")
        .hasMessageContaining("CUDA device 0")
        .hasMessageContaining("-Pcuda");
  }

  @Test
  void withCpuFallbackItRunsOnTheCpu() throws Exception {
    OnnxModelSpec spec = MiniLm.embedder(MiniLm.INT8).cuda(0).allowCpuFallback(true);
    Schema text = new Schema(List.of(Field.nullable("text", ArrowType.Utf8.INSTANCE)));
    assertThat(spec.outputSchema(MiniLm.tokenizer("text").outputSchema(text).orElseThrow()))
        .isPresent();
    try (BatchUdf udf = spec.create(GPU_ACTOR)) {
      assertThat(((OnnxUdf) udf).device()).isEqualTo(Device.CPU);
    }
    try (BufferAllocator allocator = new RootAllocator()) {
      assertThat(Pipelines.embed(allocator, spec, List.of("runs anyway"), 1).get(0))
          .hasSize(MiniLm.DIM);
    }
  }
}
