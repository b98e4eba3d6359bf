package io.sluice.benchmarks;

import ai.onnxruntime.OrtEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** One line saying where a benchmark ran, so numbers are only compared like with like. */
public final class MachineInfo {

  private MachineInfo() {}

  static String describe() {
    return cpuModel()
        + ", "
        + Runtime.getRuntime().availableProcessors()
        + " cores visible to the JVM, "
        + "Java "
        + Runtime.version()
        + ", ONNX Runtime "
        + OrtEnvironment.getEnvironment().getVersion()
        + ", load average "
        + loadAverage();
  }

  /** The CPU model from /proc/cpuinfo, else the architecture. */
  public static String cpuModel() {
    try {
      return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
          .filter(l -> l.startsWith("model name"))
          .findFirst()
          .map(l -> l.substring(l.indexOf(':') + 1).trim())
          .orElse(System.getProperty("os.arch"));
    } catch (IOException e) {
      return System.getProperty("os.arch");
    }
  }

  /** Other work on the machine skews both sides of the ratio; worth recording next to it. */
  public static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException | RuntimeException e) {
      return "n/a";
    }
  }
}
