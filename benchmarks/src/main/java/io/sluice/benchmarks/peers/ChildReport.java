package io.sluice.benchmarks.peers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The one line a contender JVM prints when its job is done: job wall time, rows, and what the OS
 * says about the whole process (utime + stime of all its threads, peak RSS {@code VmHWM}), read by
 * the child itself just before it exits, so native ORT threads and arenas are counted too.
 */
public final class ChildReport {

  /** Prefix the parent looks for in the child's stdout. */
  public static final String PREFIX = "PEER-RESULT ";

  /** Linux's USER_HZ on every mainstream kernel config. */
  private static final double CLOCK_TICKS = 100.0;

  private ChildReport() {}

  /**
   * @param jobSeconds from the first read to the committed output (engine start-up excluded)
   * @param rows rows written
   * @param inferSeconds time spent in the model stage (busy time), or NaN when not known
   */
  public static void print(double jobSeconds, long rows, double inferSeconds) {
    System.out.flush();
    System.out.println(
        String.format(
            Locale.ROOT,
            "%swall=%.4f rows=%d cpu=%.3f rss=%d infer=%.4f",
            PREFIX,
            jobSeconds,
            rows,
            cpuSeconds(),
            peakRssBytes(),
            inferSeconds));
    System.out.flush();
  }

  /** utime + stime of this process (all threads), from {@code /proc/self/stat}; NaN off Linux. */
  public static double cpuSeconds() {
    try {
      String stat = Files.readString(Path.of("/proc/self/stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      // After "pid (comm) ", field 3 (state) is f[0]; utime and stime are fields 14 and 15.
      return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / CLOCK_TICKS;
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
  }

  /** {@code VmHWM} of this process in bytes; -1 off Linux. */
  public static long peakRssBytes() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.substring(6).trim().split("\\s+")[0]) * 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux
    }
    return -1;
  }
}
