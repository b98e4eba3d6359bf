package io.sluice.benchmarks.cluster;

import io.sluice.api.Compute;
import io.sluice.api.Row;
import io.sluice.api.Sluice;
import io.sluice.api.spi.WriteMode;
import io.sluice.api.spi.WriteOptions;
import io.sluice.api.spi.WriteResult;
import io.sluice.benchmarks.MachineInfo;
import io.sluice.benchmarks.Median;
import io.sluice.flink.FlinkCluster;
import io.sluice.flink.FlinkSluice;
import io.sluice.flink.cluster.StandaloneCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The same Dataset job (Parquet in, a CPU map that tokenizes, a simulated model stage on an actor
 * pool, Parquet out) on the local backend, on {@code FlinkCluster.embedded()} and on a standalone
 * cluster of two TaskManagers (separate JVMs on 127.0.0.1), side by side in one run; prints rows/s
 * and Flink / local per backend, medians over rounds (backends alternate within a round).
 *
 * <p>{@code --rows N} (default 20000), {@code --rounds R} (3), {@code --model-us U} per row (200),
 * {@code --actors A} (2), {@code --batch B} (256).
 */
public final class FlinkVsLocal {

  private static final Schema TOKENIZED =
      new Schema(
          List.of(
              new Field("id", FieldType.nullable(new ArrowType.Int(64, true)), null),
              new Field("tokens", FieldType.nullable(new ArrowType.Int(64, true)), null)));

  public static void main(String[] args) throws Exception {
    BenchOptions opts = new BenchOptions(args);
    int rows = opts.getInt("rows", 20000);
    int rounds = opts.getInt("rounds", 3);
    long modelMicros = opts.getLong("model-us", 200);
    int actors = opts.getInt("actors", 2);
    int batch = opts.getInt("batch", 256);
    Path dir = Files.createTempDirectory("sluice-flink-bench-");
    Path in = dir.resolve("in");
    TextCorpus.write(in, rows, 8);
    System.out.printf(
        Locale.ROOT,
        "%d rows, model %d us/row on %d actors (batch %d), %d rounds; %s%n",
        rows,
        modelMicros,
        actors,
        batch,
        rounds,
        MachineInfo.cpuModel()
            + ", "
            + Runtime.getRuntime().availableProcessors()
            + " cores, load average "
            + MachineInfo.loadAverage());
    StandaloneCluster.Spec spec =
        new StandaloneCluster.Spec(
            2, 0, 1, 2, false, dir.resolve("cluster"), FlinkClassPath.withoutSluice(), 0);
    // 4 slots: a CPU stage (half the slots) and the actor pool's own slot-sharing group must fit at
    // once, or the job waits for slots forever (embedded() gives one per core: 2 here).
    try (FlinkCluster embedded = FlinkCluster.embedded(1, Math.max(4, 2 * actors));
        StandaloneCluster standalone = StandaloneCluster.start(spec)) {
      FlinkCluster remote = FlinkCluster.remote("127.0.0.1", standalone.restPort());
      Map<String, Supplier<Sluice>> backends = new LinkedHashMap<>();
      backends.put("local", Sluice::local);
      backends.put("flink embedded", () -> FlinkSluice.on(embedded));
      backends.put("flink standalone, 2 TMs", () -> FlinkSluice.on(remote));
      Map<String, List<Double>> rates = new LinkedHashMap<>();
      backends.keySet().forEach(k -> rates.put(k, new ArrayList<>()));
      run(
          backends.get("local"),
          in,
          dir.resolve("warmup"),
          modelMicros,
          actors,
          batch); // JIT, file cache
      for (int r = 0; r < rounds; r++) {
        for (Map.Entry<String, Supplier<Sluice>> b : backends.entrySet()) {
          Path out =
              dir.resolve(
                  "out-" + r + "-" + rates.get(b.getKey()).size() + "-" + b.getKey().hashCode());
          long start = System.nanoTime();
          WriteResult w = run(b.getValue(), in, out, modelMicros, actors, batch);
          double secs = (System.nanoTime() - start) / 1e9;
          if (w.rows() != rows) {
            throw new IllegalStateException(
                b.getKey() + " wrote " + w.rows() + " rows, expected " + rows);
          }
          rates.get(b.getKey()).add(rows / secs);
          System.out.printf(
              Locale.ROOT,
              "round %d %-26s %8.1f s %10.0f rows/s%n",
              r + 1,
              b.getKey(),
              secs,
              rows / secs);
        }
      }
      double base = Median.of(rates.get("local"));
      double bound = 1e6 / modelMicros * actors;
      System.out.printf(
          Locale.ROOT,
          "%n| backend | rows/s (median) | ÷ local | ÷ model bound (%.0f rows/s) |%n",
          bound);
      System.out.println("|---|---:|---:|---:|");
      for (Map.Entry<String, List<Double>> e : rates.entrySet()) {
        double m = Median.of(e.getValue());
        System.out.printf(
            Locale.ROOT, "| %s | %.0f | %.2f | %.2f |%n", e.getKey(), m, m / base, m / bound);
      }
      System.out.println("load average after: " + MachineInfo.loadAverage());
    }
  }

  private static WriteResult run(
      Supplier<Sluice> backend, Path in, Path out, long modelMicros, int actors, int batch) {
    try (Sluice s = backend.get()) {
      return job(s, in, out, modelMicros, Compute.actors(actors).batchSize(batch));
    }
  }

  /**
   * The benchmarked job on {@code s}: Parquet in, a CPU map counting tokens, {@link SimulatedModel}
   * on {@code pool}, Parquet out (overwriting).
   */
  static WriteResult job(Sluice s, Path in, Path out, long modelMicros, Compute pool) {
    return s.readParquet(in.toString())
        .map(
            r ->
                Row.of(
                    "id", r.getLong("id"), "tokens", (long) r.getString("text").split(" ").length),
            Compute.tasks(),
            TOKENIZED)
        .mapBatches(new SimulatedModel(modelMicros), pool)
        .writeParquet(out.toString(), WriteOptions.defaults().withMode(WriteMode.OVERWRITE));
  }
}
