package io.sluice.benchmarks.soak;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Samples the soak's own process every interval on a daemon thread and appends each {@link Sample}
 * to a CSV (flushed, so a killed soak still leaves its curve). Heap "after GC" is measured by
 * asking for a full GC first: the pools' collection usage is only refreshed by the collections that
 * happen to touch them, which would make the curve depend on G1's timing. One full GC per 10 s of a
 * small heap is noise next to the jobs.
 */
final class Sampler {

  private static final Path PROC = Paths.get("/proc/self");

  private final Path csv;
  private final Duration interval;
  private final List<Sample> samples = new ArrayList<>();
  private volatile int rounds;
  private volatile boolean stop;
  private Thread thread;
  private long start;

  Sampler(Path csv, Duration interval) {
    this.csv = csv;
    this.interval = interval;
  }

  void start() throws IOException {
    PrintWriter w = new PrintWriter(Files.newBufferedWriter(csv, StandardCharsets.UTF_8));
    w.println(Sample.CSV_HEADER);
    start = System.nanoTime();
    thread = new Thread(() -> run(w), "soak-sampler");
    thread.setDaemon(true);
    thread.start();
  }

  void rounds(int n) {
    rounds = n;
  }

  void stop() throws InterruptedException {
    stop = true;
    thread.interrupt();
    thread.join();
  }

  synchronized List<Sample> samples() {
    return List.copyOf(samples);
  }

  /** The first part of the curve left out of the slopes: JIT, pools and caches filling up. */
  long warmupSeconds(Duration duration) {
    return Math.min(120, duration.toSeconds() / 5);
  }

  private void run(PrintWriter w) {
    try (w) {
      while (!stop) {
        Sample s = take();
        synchronized (this) {
          samples.add(s);
        }
        w.println(s.csv());
        w.flush();
        try {
          Thread.sleep(interval.toMillis());
        } catch (InterruptedException e) {
          return;
        }
      }
    }
  }

  private Sample take() {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    memory.gc();
    long heap = memory.getHeapMemoryUsage().getUsed();
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    return new Sample(
        (System.nanoTime() - start) / 1e9,
        rssBytes(),
        heap,
        fds(),
        threads.getThreadCount(),
        rounds);
  }

  static long rssBytes() {
    try (Stream<String> lines = Files.lines(PROC.resolve("status"))) {
      return lines
          .filter(l -> l.startsWith("VmRSS:"))
          .mapToLong(l -> Long.parseLong(l.replaceAll("[^0-9]", "")) * 1024)
          .findFirst()
          .orElse(-1);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static long fds() {
    try (Stream<Path> s = Files.list(PROC.resolve("fd"))) {
      return s.count();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
