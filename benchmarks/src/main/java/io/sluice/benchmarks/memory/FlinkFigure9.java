package io.sluice.benchmarks.memory;

import io.sluice.api.Compute;
import io.sluice.api.Sluice;
import io.sluice.benchmarks.MachineInfo;
import io.sluice.benchmarks.peers.ChildReport;
import io.sluice.benchmarks.peers.ChildRun;
import io.sluice.benchmarks.peers.Contender;
import io.sluice.flink.FlinkCluster;
import io.sluice.flink.FlinkSluice;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The Figure 9 pipeline (see {@link MemoryBenchmarks}) on the Flink backend next to the local one,
 * at the scaled budgets. Flink has no memory budget of its own to set: network buffers and operator
 * queues bound what is in flight. So the budget is what the machine gives the process: every run is
 * a fresh JVM with the heap and direct memory the launcher would choose for that budget ({@code
 * -Xmx} budget / 2 within 256 MiB..4 GiB, {@code -XX:MaxDirectMemorySize} budget + max(budget, 256
 * MiB)), the local backend also told the budget, Flink on an embedded MiniCluster of 16 slots (CPU
 * stages 8 subtasks, the 4 model actors in the CPU slot-sharing group: an embedded cluster has no
 * GPUs, and the simulated model uses no CPU). JCT ÷ the lower bound, next to the paper's Flink
 * (1.68-3.3x) and Ray Data (1.33-1.94x).
 *
 * <p>Options: {@code --budgets 6,8,...} (full-size GiB, default all six), {@code --full} (paper
 * size instead of 1/10), {@code --engines local,flink}.
 */
public final class FlinkFigure9 {

  public static void main(String[] args) throws Exception {
    List<String> a = List.of(args);
    if (a.size() == 4 && a.get(0).equals("--child")) {
      child(a.get(1), Long.parseLong(a.get(2)), Integer.parseInt(a.get(3)));
      return;
    }
    int scale = a.contains("--full") ? 1 : 10;
    int bi = a.indexOf("--budgets");
    int[] budgets =
        bi >= 0
            ? Arrays.stream(a.get(bi + 1).split(",")).mapToInt(Integer::parseInt).toArray()
            : new int[] {6, 8, 10, 12, 14, 16};
    int ei = a.indexOf("--engines");
    List<String> engines = ei >= 0 ? List.of(a.get(ei + 1).split(",")) : List.of("local", "flink");
    double lowerBound = 150.0 / scale;
    System.out.printf(
        Locale.ROOT,
        "Figure 9 (%s) on %s: lower bound %.0f s; %s, %d cores%n",
        scale == 1 ? "full size" : "scaled 1/10",
        engines,
        lowerBound,
        MachineInfo.cpuModel(),
        Runtime.getRuntime().availableProcessors());
    Path logs = Files.createTempDirectory("sluice-figure9-flink-");
    List<String> table = new ArrayList<>();
    table.add(
        "| budget | JVM | engine | JCT s | JCT ÷ LB | peak RSS | CPU s | GC s | paper Flink ÷ LB |"
            + " paper Ray ÷ LB |");
    table.add("|---|---|---|---:|---:|---:|---:|---:|---:|---:|");
    for (int gib : budgets) {
      long budget = gib * MemoryBenchmarks.GIB / scale;
      int i = (gib - 6) / 2;
      for (String engine : engines) {
        List<String> jvm = jvmFor(budget);
        String[] r = run(engine, budget, scale, jvm, logs.resolve(engine + "-" + gib + ".log"));
        double secs = Double.parseDouble(r[0]);
        boolean failed = Double.isNaN(secs);
        String line =
            String.format(
                Locale.ROOT,
                "| %.1f GiB | %s | %s | %s | %s | %s | %s | %s | %.2f | %.2f |",
                (double) budget / MemoryBenchmarks.GIB,
                String.join(" ", jvm),
                engine,
                failed ? r[2].split(",")[0] : String.format(Locale.ROOT, "%.1f", secs),
                failed ? "-" : String.format(Locale.ROOT, "%.3f", secs / lowerBound),
                failed
                    ? "-"
                    : String.format(
                        Locale.ROOT,
                        "%.2f GiB",
                        Long.parseLong(r[1]) / (double) MemoryBenchmarks.GIB),
                failed ? "-" : r[2],
                failed ? "-" : r[3],
                Double.parseDouble(MemoryBenchmarks.FLINK[i]) / 150,
                Double.parseDouble(MemoryBenchmarks.RAY[i]) / 150);
        System.out.println(line);
        table.add(line);
      }
    }
    System.out.println();
    table.forEach(System.out::println);
    System.out.println(
        "child logs: " + logs + "; load average after: " + MachineInfo.loadAverage());
  }

  /** The heap and direct-memory limits {@code ./sluice} chooses for {@code budget}. */
  static List<String> jvmFor(long budget) {
    long mib = 1 << 20;
    long heap = Math.max(256 * mib, Math.min(4096 * mib, budget / 2));
    long direct = budget + Math.max(budget, 256 * mib);
    return List.of("-Xmx" + heap / mib + "m", "-XX:MaxDirectMemorySize=" + direct / mib + "m");
  }

  /** {JCT s, peak RSS bytes, CPU s, GC s}; a JCT of NaN and the reason when the child failed. */
  private static String[] run(String engine, long budget, int scale, List<String> jvm, Path log)
      throws Exception {
    Contender c =
        new Contender(
            engine,
            FlinkFigure9.class.getName(),
            System.getProperty("java.class.path"),
            List.of("--child", engine, Long.toString(budget), Integer.toString(scale)),
            false);
    try {
      Map<String, String> r = ChildRun.run(c, List.of(), jvm, log, 30L * 150 / scale + 120);
      return new String[] {r.get("wall"), r.get("rss"), r.get("cpu"), r.get("gc")};
    } catch (IOException e) {
      if (Files.readString(log).contains("java.lang.OutOfMemoryError")) {
        return new String[] {"NaN", "0", "OutOfMemoryError", ""}; // as the paper's Spark
      }
      throw e;
    }
  }

  private static void child(String engine, long budget, int scale) {
    MemoryResult r;
    if (engine.equals("local")) {
      MemoryBenchmarks.Result m = MemoryBenchmarks.figure9(budget, scale);
      r = new MemoryResult(m.seconds(), m.peakRss());
    } else if (engine.equals("flink")) {
      System.gc();
      try (FlinkCluster cluster = FlinkCluster.embedded(1, 16);
          Sluice s = FlinkSluice.on(cluster)) {
        MemoryBenchmarks.Result m =
            MemoryBenchmarks.figure9(s, scale, Compute.actors(4).cpus(0).batchSize(100));
        r = new MemoryResult(m.seconds(), m.peakRss());
      }
    } else {
      throw new IllegalArgumentException("engine is local or flink, got " + engine);
    }
    long gcMillis = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      gcMillis += Math.max(0, gc.getCollectionTime());
    }
    System.out.println(
        String.format(
            Locale.ROOT,
            "%swall=%.3f rss=%d cpu=%.1f gc=%.1f",
            ChildReport.PREFIX,
            r.seconds(),
            r.peakRss(),
            ChildReport.cpuSeconds(),
            gcMillis / 1e3));
  }

  private record MemoryResult(double seconds, long peakRss) {}
}
