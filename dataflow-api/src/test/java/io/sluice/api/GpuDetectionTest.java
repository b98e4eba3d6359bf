package io.sluice.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GpuDetectionTest {

  @TempDir Path tmp;

  @Test
  void countsDriverDevicesNarrowedByCudaVisibleDevices() throws IOException {
    Path gpus = tmp.resolve("gpus");
    Files.createDirectories(gpus.resolve("0000:00:04.0"));
    Files.createDirectories(gpus.resolve("0000:00:05.0"));
    File dir = gpus.toFile();
    assertThat(GpuDetection.visibleGpus(dir, Map.of())).isEqualTo(2);
    assertThat(GpuDetection.visibleGpus(dir, Map.of("CUDA_VISIBLE_DEVICES", "1"))).isEqualTo(1);
    assertThat(GpuDetection.visibleGpus(dir, Map.of("CUDA_VISIBLE_DEVICES", ""))).isZero();
    assertThat(GpuDetection.visibleGpus(tmp.resolve("none").toFile(), Map.of())).isZero();
  }
}
