package io.sluice.benchmarks.memory;

import io.sluice.api.Compute;
import io.sluice.api.ExecutionOptions;
import io.sluice.api.JobIterator;
import io.sluice.api.JobStats;
import io.sluice.api.Sluice;
import io.sluice.api.spi.BatchStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType.Int;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Memory benchmarks of issue 4, printed as one table: the Ray Data paper's Figure 9 pipeline
 * (simulated work, real memory) at six budgets, next to the paper's numbers; a slow sink over 10x
 * the budget; an external sort of 5x the budget. {@code --full} runs Figure 9 at full size (budgets
 * 6..16 GiB, 150 s lower bound each); by default every duration and size is divided by 10.
 *
 * <p>Run: {@code java --add-opens=java.base/java.nio=ALL-UNNAMED -cp ...
 * io.sluice.benchmarks.memory.MemoryBenchmarks [--full]}
 */
public final class MemoryBenchmarks {

  private static final long MIB = 1 << 20;
  static final long GIB = 1L << 30;
  static final String[] RAY = {"291", "199", "200", "200", "200", "200"};
  static final String[] FLINK = {"497", "280", "280", "253", "253", "253"};
  private static final String[] SPARK = {"OOM", "OOM", "OOM", "652", "652", "352"};

  /**
   * Options: {@code --full} (paper size), {@code --budgets 6,8} (a subset, in full-size GiB),
   * {@code --figure9-only}, {@code --verbose} (each job's stats table on stderr).
   */
  public static void main(String[] args) {
    List<String> a = List.of(args);
    boolean full = a.contains("--full");
    verbose = a.contains("--verbose");
    int scale = full ? 1 : 10;
    int bi = a.indexOf("--budgets");
    int[] budgets =
        bi >= 0
            ? Arrays.stream(a.get(bi + 1).split(",")).mapToInt(Integer::parseInt).toArray()
            : new int[] {6, 8, 10, 12, 14, 16};
    List<String> lines = new ArrayList<>();
    lines.add(
        String.format(
            Locale.ROOT,
            "Figure 9 (%s): 160 load tasks x 500 rows, 8 CPU slots, 4 GPU slots, lower bound %d s",
            full ? "full size" : "scaled 1/10",
            150 / scale));
    lines.add(
        String.format(
            Locale.ROOT,
            "%-10s %8s %7s %10s %8s %9s %8s | %6s %6s %6s",
            "budget",
            "JCT s",
            "JCT/LB",
            "peak RSS",
            "spilled",
            "slot use",
            "task x",
            "Ray",
            "Flink",
            "Spark"));
    for (int gib : budgets) {
      int i = (gib - 6) / 2;
      long budget = gib * GIB / scale;
      Result r = figure9(budget, scale);
      lines.add(
          String.format(
              Locale.ROOT,
              "%-10s %8.1f %7.3f %6.2f GiB %4.0f MiB %8.0f%% %8.3f | %6s %6s %6s",
              String.format(Locale.ROOT, "%.1f GiB", (double) budget / GIB),
              r.seconds,
              r.seconds / (150.0 / scale),
              (double) r.peakRss / GIB,
              (double) r.spilled / MIB,
              100 * r.slotUse,
              r.taskInflation,
              RAY[i],
              FLINK[i],
              SPARK[i]));
      System.out.println(lines.get(lines.size() - 1));
    }
    lines.add(
        "slot use: CPU-slot seconds busy / (8 x JCT); task x: measured / nominal task time (> 1: the host's CPUs"
            + " are short, e.g. touching the rows' memory); Ray, Flink, Spark: the paper's JCT in s at full size");
    if (!a.contains("--figure9-only")) {
      lines.add(slowSink(512 * MIB));
      lines.add(externalSort(64 * MIB));
    }
    System.out.println();
    lines.forEach(System.out::println);
  }

  static boolean verbose;

  static final Schema KEYED =
      new Schema(
          List.of(Field.nullable("id", new Int(64, true)), Field.nullable("k", new Int(64, true))));

  /**
   * @param slotUse busy CPU-slot seconds (load + transform tasks) over 8 x JCT
   * @param taskInflation those busy seconds over their nominal total (1200 s / scale)
   */
  record Result(double seconds, long peakRss, long spilled, double slotUse, double taskInflation) {}

  /** Samples RSS every 20 ms while it runs. */
  static final class RssSampler implements AutoCloseable {
    final AtomicLong peak = new AtomicLong();
    final Thread t;
    volatile boolean stop;

    RssSampler() {
      t =
          new Thread(
              () -> {
                while (!stop) {
                  peak.accumulateAndGet(Rows.rss(), Math::max);
                  Rows.sleep(20);
                }
              });
      t.setDaemon(true);
      t.start();
    }

    @Override
    public void close() {
      stop = true;
    }
  }

  static Result figure9(long budget, int scale) {
    ExecutionOptions o =
        ExecutionOptions.builder()
            .cpuSlots(8)
            .gpuSlots(4)
            .memoryBudgetBytes(budget)
            // exactly one 100-row batch: read batches become blocks as they are (no concatenation)
            // and line up with the 100-row model batches
            .targetBlockBytes(Rows.batchBytes(100, (int) (MIB / scale)))
            .preserveOrder(false)
            .progress(false)
            .build();
    System.gc();
    try (Sluice s = Sluice.local(o)) {
      return figure9(s, scale, Compute.actors(4).gpus(1).cpus(0).batchSize(100));
    }
  }

  /**
   * The Figure 9 pipeline on {@code s}: load (160 tasks of 500 rows of 1 MiB / scale each) ->
   * transform (CPU tasks) -> inference on {@code model} (4 actors, 100-row batches) -> count.
   */
  static Result figure9(Sluice s, int scale, Compute.Actors model) {
    int rowBytes = (int) (MIB / scale);
    long transformMillis = 500 / scale; // per 100 rows
    long inferMillis = 500 / scale; // per batch of 100
    try (RssSampler rss = new RssSampler()) {
      long start = System.nanoTime();
      var counted =
          s.read(new SimulatedSource(160, 500, 100, rowBytes, 5000 / scale))
              .mapBatches(
                  (b, a) -> {
                    long t0 = System.nanoTime();
                    VectorSchemaRoot out =
                        Rows.make(a, 0, b.getRowCount(), rowBytes); // new 1 MB rows
                    // making them is part of the time
                    Rows.sleepUntil(t0 + transformMillis * 1_000_000L * b.getRowCount() / 100);
                    return out;
                  },
                  Compute.tasks(),
                  Rows.schema(rowBytes))
              .mapBatches(
                  (b, a) -> {
                    long t0 = System.nanoTime();
                    VectorSchemaRoot out = VectorSchemaRoot.create(Rows.IDS, a);
                    out.allocateNew();
                    out.setRowCount(b.getRowCount());
                    Rows.sleepUntil(t0 + inferMillis * 1_000_000L);
                    return out;
                  },
                  model,
                  Rows.IDS)
              .countWithStats();
      long rows = counted.value();
      double secs = (System.nanoTime() - start) / 1e9;
      if (rows != 160 * 500) {
        throw new IllegalStateException("lost rows: " + rows);
      }
      JobStats js = counted.stats();
      if (verbose) {
        System.err.println(js.toTable());
      }
      // load + transform, the first two operators on the local backend (a Flink job's stats may
      // list others first; its callers read only the JCT and RSS)
      double busy =
          js.operators().size() < 2
              ? Double.NaN
              : (js.operators().get(0).busyNanos() + js.operators().get(1).busyNanos()) / 1e9;
      return new Result(
          secs, rss.peak.get(), js.spilledBytes(), busy / (8 * secs), busy / (1200.0 / scale));
    }
  }

  /** 10x the budget through a consumer that sleeps: backpressure, not buffering. */
  static String slowSink(long budget) {
    int rowBytes = (int) MIB / 10;
    int tasks = (int) (10 * budget / (500L * rowBytes)) + 1;
    ExecutionOptions o =
        ExecutionOptions.builder()
            .cpuSlots(4)
            .memoryBudgetBytes(budget)
            .targetBlockBytes(Rows.batchBytes(100, rowBytes))
            .progress(false)
            .build();
    System.gc();
    try (Sluice s = Sluice.local(o);
        RssSampler rss = new RssSampler()) {
      long start = System.nanoTime();
      long rows = 0;
      JobStats js;
      try (BatchStream st =
          s.read(new SimulatedSource(tasks, 500, 100, rowBytes, 0)).streamBatches()) {
        VectorSchemaRoot b;
        while ((b = st.next()) != null) {
          rows += b.getRowCount();
          b.close();
          Rows.sleep(5); // the slow sink
        }
        js = st.stats();
      }
      double secs = (System.nanoTime() - start) / 1e9;
      return String.format(
          Locale.ROOT,
          "slow sink: %.2f GiB through a %.2f GiB budget in %.1f s; peak RSS %.2f GiB"
              + " (limit budget + 1 GiB = %.2f GiB), peak Arrow %.0f MiB, spilled %d B",
          (double) rows * rowBytes / GIB,
          (double) budget / GIB,
          secs,
          (double) rss.peak.get() / GIB,
          (double) (budget + GIB) / GIB,
          (double) js.peakMemoryBytes() / MIB,
          js.spilledBytes());
    }
  }

  /** Sorts 5x the budget by a random key. */
  static String externalSort(long budget) {
    long rows = 5 * budget / 16; // two int64 columns
    ExecutionOptions o =
        ExecutionOptions.builder()
            .cpuSlots(2)
            .memoryBudgetBytes(budget)
            .targetBlockBytes(16 * MIB)
            .progress(false)
            .build();
    try (Sluice s = Sluice.local(o)) {
      long start = System.nanoTime();
      long n = 0;
      long last = Long.MIN_VALUE;
      JobStats js;
      try (JobIterator<VectorSchemaRoot> it =
          s.range(rows)
              .mapBatches(
                  (in, a) -> {
                    BigIntVector ids = (BigIntVector) in.getVector("id");
                    VectorSchemaRoot out = VectorSchemaRoot.create(KEYED, a);
                    BigIntVector id = (BigIntVector) out.getVector(0);
                    BigIntVector k = (BigIntVector) out.getVector(1);
                    int m = in.getRowCount();
                    id.allocateNew(m);
                    k.allocateNew(m);
                    for (int i = 0; i < m; i++) {
                      id.set(i, ids.get(i));
                      k.set(i, (ids.get(i) * 2654435761L) & 0xFFFFFFFFL);
                    }
                    id.setValueCount(m);
                    k.setValueCount(m);
                    out.setRowCount(m);
                    return out;
                  },
                  Compute.tasks(),
                  KEYED)
              .sort("k")
              .iterBatches(1 << 16)) {
        while (it.hasNext()) {
          VectorSchemaRoot b = it.next();
          BigIntVector k = (BigIntVector) b.getVector("k");
          for (int i = 0; i < b.getRowCount(); i++) {
            if (k.get(i) < last) {
              throw new IllegalStateException("not sorted at row " + (n + i));
            }
            last = k.get(i);
          }
          n += b.getRowCount();
        }
        js = it.stats();
      }
      double secs = (System.nanoTime() - start) / 1e9;
      return String.format(
          Locale.ROOT,
          "external sort: %d rows (%.0f MiB, %.1fx the %.0f MiB budget) in %.1f s ="
              + " %.0f rows/s; spilled %.0f MiB (%.2fx the data), %.0f MiB on disk, %.1f s in spill I/O",
          n,
          rows * 16.0 / MIB,
          rows * 16.0 / budget,
          (double) budget / MIB,
          secs,
          n / secs,
          (double) js.spilledBytes() / MIB,
          js.spilledBytes() / (rows * 16.0),
          (double) js.spillFileBytes() / MIB,
          js.spillTime().toNanos() / 1e9);
    }
  }
}
