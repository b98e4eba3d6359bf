package io.sluice.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.api.PlanException;
import io.sluice.api.udf.UdfContext;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;

/**
 * Session options reach the cache key and still give the same embeddings; the shared pool fails
 * clearly.
 */
class SessionTuningTest {

  @Test
  void arenaAndSpinningOffStillEmbedAndGetTheirOwnSession() throws Exception {
    List<String> texts = List.of("Hello world", "The cat sat on the mat.");
    try (BufferAllocator allocator = new RootAllocator()) {
      OnnxModelSpec base = MiniLm.embedder(MiniLm.FP32).intraOpThreads(1);
      List<float[]> plain = Pipelines.embed(allocator, base, texts, 2);
      SessionCache process =
          SessionCache.of(UdfContext.cpu("any", 0, 1)); // what Pipelines.embed shares
      long loads = process.loads();
      OnnxModelSpec lean =
          base.tuning(SessionTuning.defaults().withMemoryArena(false).withSpinning(false));
      List<float[]> tuned = Pipelines.embed(allocator, lean, texts, 2);
      assertThat(process.loads()).isEqualTo(loads + 1);
      for (int i = 0; i < texts.size(); i++) {
        assertThat(tuned.get(i)).containsExactly(plain.get(i));
      }
    }
  }

  @Test
  void sharedPoolWithoutAGlobalPoolFailsAtPlanTimeSayingWhatToCall() {
    OrtEnv.get(); // in this JVM a model was loaded first, so the environment has no global pool
    assertThat(OrtEnv.globalThreadPoolSize()).isZero();
    assertThatThrownBy(() -> OrtEnv.useGlobalThreadPool(2))
        .isInstanceOf(PlanException.class)
        .hasMessageContaining("before any model is loaded");
    assertThatThrownBy(
            () ->
                MiniLm.embedder(MiniLm.INT8)
                    .sharedThreadPool(true)
                    .outputSchema(BadInputTest.tokenized()))
        .isInstanceOf(PlanException.class)
        .hasMessageContaining("OrtEnv.useGlobalThreadPool");
  }
}
