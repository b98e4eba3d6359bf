package io.sluice.executor;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real machine probe: the NVIDIA driver's device list, JVM sizes, this JVM's figures. */
class SystemMachineProbeTest {

  @TempDir Path tmp;

  @Test
  void countsDriverDevicesNarrowedByCudaVisibleDevices() throws IOException {
    Path gpus = tmp.resolve("gpus");
    Files.createDirectories(gpus.resolve("0000:00:04.0"));
    Files.createDirectories(gpus.resolve("0000:00:05.0"));
    File dir = gpus.toFile();
    assertThat(SystemMachineProbe.visibleGpus(dir, Map.of())).isEqualTo(2);
    assertThat(SystemMachineProbe.visibleGpus(dir, Map.of("CUDA_VISIBLE_DEVICES", "1")))
        .isEqualTo(1);
    assertThat(SystemMachineProbe.visibleGpus(dir, Map.of("CUDA_VISIBLE_DEVICES", ""))).isZero();
    assertThat(SystemMachineProbe.visibleGpus(tmp.resolve("none").toFile(), Map.of())).isZero();
  }

  @Test
  void readsJvmSizes() {
    assertThat(SystemMachineProbe.parseSize("512m")).isEqualTo(512L << 20);
    assertThat(SystemMachineProbe.parseSize(" 2G")).isEqualTo(2L << 30);
    assertThat(SystemMachineProbe.parseSize("64k")).isEqualTo(64L << 10);
    assertThat(SystemMachineProbe.parseSize("1t")).isEqualTo(1L << 40);
    assertThat(SystemMachineProbe.parseSize("1048576")).isEqualTo(1L << 20);
  }

  @Test
  void seesThisJvm() {
    MachineProbe m = MachineProbe.system();
    assertThat(m.availableProcessors()).isEqualTo(Runtime.getRuntime().availableProcessors());
    assertThat(m.maxHeapBytes()).isEqualTo(Runtime.getRuntime().maxMemory());
    // HotSpot knows the machine's memory, and it holds at least the heap's committed part
    assertThat(m.physicalMemoryBytes()).isGreaterThanOrEqualTo(Runtime.getRuntime().totalMemory());
  }
}
