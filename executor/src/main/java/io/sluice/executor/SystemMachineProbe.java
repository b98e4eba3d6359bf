package io.sluice.executor;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.util.Locale;
import java.util.Map;

/**
 * {@link MachineProbe#system()}: the JVM's runtime and management beans, and for GPUs the devices
 * the driver lists under {@code /proc/driver/nvidia/gpus} (no CUDA is loaded), narrowed by {@code
 * CUDA_VISIBLE_DEVICES} when set.
 */
final class SystemMachineProbe implements MachineProbe {

  static final SystemMachineProbe INSTANCE = new SystemMachineProbe();

  private SystemMachineProbe() {}

  @Override
  public long maxHeapBytes() {
    return Runtime.getRuntime().maxMemory();
  }

  @Override
  public long physicalMemoryBytes() {
    try {
      OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
      if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
        return sun.getTotalMemorySize();
      }
    } catch (LinkageError | RuntimeException e) {
      // not a HotSpot JVM, or no management module: unknown
    }
    return -1;
  }

  @Override
  public long maxDirectMemoryBytes() {
    try {
      for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
        if (arg.startsWith("-XX:MaxDirectMemorySize=")) {
          return parseSize(arg.substring(arg.indexOf('=') + 1));
        }
      }
    } catch (LinkageError | RuntimeException e) {
      // no management module, or a value we cannot read: as if none were set
    }
    return -1;
  }

  @Override
  public int availableProcessors() {
    return Runtime.getRuntime().availableProcessors();
  }

  @Override
  public int visibleGpus() {
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

  /** A JVM size: digits with an optional k, m, g or t suffix (any case). */
  static long parseSize(String s) {
    String t = s.trim().toLowerCase(Locale.ROOT);
    char last = t.charAt(t.length() - 1);
    long mult =
        switch (last) {
          case 'k' -> 1L << 10;
          case 'm' -> 1L << 20;
          case 'g' -> 1L << 30;
          case 't' -> 1L << 40;
          default -> 1;
        };
    return Long.parseLong(mult == 1 ? t : t.substring(0, t.length() - 1)) * mult;
  }
}
