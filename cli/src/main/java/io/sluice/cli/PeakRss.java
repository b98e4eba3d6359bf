package io.sluice.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * The process's peak resident set size ({@code VmHWM} in {@code /proc/self/status}): heap, direct
 * Arrow buffers, ONNX Runtime's native arenas and the JIT together, which is what a machine's
 * memory limit sees. Linux only; empty elsewhere.
 */
final class PeakRss {

  private PeakRss() {}

  static OptionalLong bytes() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) {
          String[] parts = line.substring(6).trim().split("\\s+");
          return OptionalLong.of(Long.parseLong(parts[0]) * 1024);
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux, or an unexpected format: report nothing rather than a wrong number
    }
    return OptionalLong.empty();
  }
}
