package io.sluice.executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.api.ExecutionOptions;
import io.sluice.api.Sluice;
import io.sluice.api.options.Resources;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Auto resources are filled in by the executor from a probe of the machine, and only auto ones. */
class MachineDefaultsTest {

  private static final long GIB = 1L << 30;

  /** A machine with fixed figures that counts how often it is asked. */
  private static final class FakeMachine implements MachineProbe {
    final long heap;
    final long physical;
    final long direct;
    final int cpus;
    final int gpus;
    final AtomicInteger asked = new AtomicInteger();

    FakeMachine(long heap, long physical, long direct, int cpus, int gpus) {
      this.heap = heap;
      this.physical = physical;
      this.direct = direct;
      this.cpus = cpus;
      this.gpus = gpus;
    }

    @Override
    public long maxHeapBytes() {
      asked.incrementAndGet();
      return heap;
    }

    @Override
    public long physicalMemoryBytes() {
      asked.incrementAndGet();
      return physical;
    }

    @Override
    public long maxDirectMemoryBytes() {
      asked.incrementAndGet();
      return direct;
    }

    @Override
    public int availableProcessors() {
      asked.incrementAndGet();
      return cpus;
    }

    @Override
    public int visibleGpus() {
      asked.incrementAndGet();
      return gpus;
    }
  }

  @Test
  void autoResourcesComeFromTheMachine() {
    FakeMachine m = new FakeMachine(4 * GIB, 64 * GIB, -1, 12, 2);
    Resources r = MachineDefaults.resolve(ExecutionOptions.defaults(), m).resources();
    // half of what the heap leaves of physical memory
    assertThat(r.memoryBudgetBytes()).hasValue(30 * GIB);
    assertThat(r.cpuSlots()).hasValue(12);
    assertThat(r.gpuSlots()).hasValue(2);
    assertThat(r.isResolved()).isTrue();
  }

  @Test
  void setResourcesAreKeptAndTheMachineIsNotAsked() {
    FakeMachine m = new FakeMachine(GIB, 8 * GIB, -1, 4, 1);
    ExecutionOptions set =
        ExecutionOptions.builder().memoryBudgetBytes(123 << 20).cpuSlots(3).gpuSlots(0).build();
    assertThat(MachineDefaults.resolve(set, m)).isSameAs(set);
    assertThat(m.asked).hasValue(0);

    ExecutionOptions onlyBudget =
        ExecutionOptions.builder().memoryBudgetBytes(123 << 20).progress(false).build();
    ExecutionOptions resolved = MachineDefaults.resolve(onlyBudget, m);
    assertThat(resolved.resources().memoryBudgetBytes()).hasValue(123 << 20);
    assertThat(resolved.resources().cpuSlots()).hasValue(4);
    assertThat(resolved.diagnostics().progress()).isFalse();
    assertThat(m.asked).as("CPUs and GPUs, not the memory figures").hasValue(2);
  }

  @Test
  void theBudgetIsHalfOfTheOffHeapMemoryTheProcessCanGet() {
    // a direct-memory limit wins, capped by physical memory
    assertThat(MachineDefaults.memoryBudget(new FakeMachine(GIB, 64 * GIB, 8 * GIB, 1, 0)))
        .isEqualTo(4 * GIB);
    assertThat(MachineDefaults.memoryBudget(new FakeMachine(GIB, 2 * GIB, 8 * GIB, 1, 0)))
        .isEqualTo(GIB);
    assertThat(MachineDefaults.memoryBudget(new FakeMachine(GIB, -1, 8 * GIB, 1, 0)))
        .isEqualTo(4 * GIB);
    // a heap that claims nearly all of the machine still leaves a quarter of it to Arrow
    assertThat(MachineDefaults.memoryBudget(new FakeMachine(15 * GIB, 16 * GIB, -1, 1, 0)))
        .isEqualTo(2 * GIB);
    // neither known: half the heap; never under 64 MiB
    assertThat(MachineDefaults.memoryBudget(new FakeMachine(2 * GIB, -1, -1, 1, 0))).isEqualTo(GIB);
    assertThat(MachineDefaults.memoryBudget(new FakeMachine(16 << 20, -1, -1, 1, 0)))
        .isEqualTo(64L << 20);
  }

  @Test
  void aMachineReportingNoProcessorsStillGetsOneSlot() {
    ExecutionOptions o =
        MachineDefaults.resolve(ExecutionOptions.defaults(), new FakeMachine(GIB, -1, -1, 0, -1));
    assertThat(o.resources().cpuSlots()).hasValue(1);
    assertThat(o.resources().gpuSlots()).hasValue(0);
  }

  @Test
  void theFactoryResolvesWithItsProbe() {
    FakeMachine m = new FakeMachine(GIB, 4 * GIB, -1, 3, 0);
    try (Sluice s =
        Sluice.on(
            new LocalBackendFactory(m)
                .create(ExecutionOptions.builder().progress(false).build()))) {
      assertThat(s.options().resources())
          .isEqualTo(
              Resources.auto()
                  .withMemoryBudgetBytes((3 * GIB) / 2)
                  .withCpuSlots(3)
                  .withGpuSlots(0));
      assertThat(s.range(10).count()).isEqualTo(10);
    }
  }

  @Test
  void theBackendRefusesAutoResources() {
    assertThatThrownBy(
            () -> new LocalBackend(ExecutionOptions.builder().memoryBudgetBytes(1 << 20).build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("LocalBackend needs every resource set")
        .hasMessageContaining("MachineDefaults.resolve");
  }
}
