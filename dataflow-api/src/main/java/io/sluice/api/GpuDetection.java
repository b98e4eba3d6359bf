package io.sluice.api;

import java.io.File;
import java.util.Map;

/**
 * Counts the NVIDIA GPUs this process may use, without loading CUDA: the devices the driver lists
 * under {@code /proc/driver/nvidia/gpus}, narrowed by {@code CUDA_VISIBLE_DEVICES} when set. Zero
 * on machines without the driver, so the default stays CPU-only there.
 */
public final class GpuDetection {

  private GpuDetection() {}

  /** GPUs visible to this process. */
  public static int visibleGpus() {
    return visibleGpus(new File("/proc/driver/nvidia/gpus"), System.getenv());
  }

  static int visibleGpus(File driverDir, Map<String, String> env) {
    String[] devices = driverDir.list();
    int present = devices == null ? 0 : devices.length;
    String visible = env.get("CUDA_VISIBLE_DEVICES");
    if (visible == null) {
      return present;
    }
    if (visible.isBlank() || visible.trim().equals("-1")) {
      return 0;
    }
    return Math.min(present, visible.split(",").length);
  }
}
