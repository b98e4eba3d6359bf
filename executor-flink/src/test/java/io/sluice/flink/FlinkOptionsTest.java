package io.sluice.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.api.ExecutionOptions;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Flink backend fills in the auto resources it uses from its cluster, not from this machine.
 */
class FlinkOptionsTest {

  // a remote cluster is only an address until a job is submitted: nothing listens here
  private static final FlinkCluster CLUSTER = FlinkCluster.remote("127.0.0.1", 1, 3, List.of());

  @Test
  void autoCpuSlotsAreTheClusterParallelism() {
    try (FlinkBackend b =
        new FlinkBackend(CLUSTER, ExecutionOptions.builder().progress(false).build(), false)) {
      assertThat(b.options().resources().cpuSlots()).hasValue(3);
      assertThat(b.options().resources().memoryBudgetBytes())
          .as("Flink's configuration governs memory")
          .isEmpty();
      assertThat(b.options().resources().gpuSlots()).isEmpty();
      assertThat(b.options().diagnostics().progress()).isFalse();
    }
  }

  @Test
  void setCpuSlotsAreKept() {
    ExecutionOptions o = ExecutionOptions.builder().cpuSlots(7).build();
    try (FlinkBackend b = new FlinkBackend(CLUSTER, o, false)) {
      assertThat(b.options()).isSameAs(o);
    }
  }
}
