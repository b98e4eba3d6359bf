package io.sluice.benchmarks.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.api.Compute;
import io.sluice.api.Row;
import io.sluice.api.Sluice;
import io.sluice.api.spi.WriteResult;
import io.sluice.benchmarks.MachineInfo;
import io.sluice.benchmarks.Median;
import io.sluice.flink.FlinkCluster;
import io.sluice.flink.FlinkSluice;
import io.sluice.flink.cluster.StandaloneCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Scaling across GPU TaskManagers, simulated as in the Ray Data paper's Figure 9 (a model stage
 * that sleeps per row, so two cores can show it): for each count n (default 1, 2, 4) a fresh
 * standalone Flink cluster of one CPU TaskManager and n GPU TaskManagers with one simulated GPU
 * each (separate JVMs on 127.0.0.1) runs the same job with {@code Compute.actors(n).gpus(1)}, so
 * one model replica lands on each GPU TaskManager. Prints per count the job's rows/s (submission to
 * committed output) and the model stage's rows/s (first batch start to last batch end, from the
 * timestamps {@link SimulatedModel} writes), each over n = 1, and checks that every row is written
 * once and the model ran in exactly n TaskManager processes.
 *
 * <p>{@code --rows N} (default 160000), {@code --model-us U} per row (1000: 1,000 rows/s per GPU),
 * {@code --batch B} (256), {@code --gpus 1,2,4}, {@code --rounds R} (1; medians when more), {@code
 * --jars installed|shipped}: Sluice's jars on the cluster's class path (as in a container image or
 * Flink's {@code usrlib/}; the default) or uploaded with every job through the REST API (as {@code
 * ./sluice demo --cluster} does), which adds the upload and the TaskManagers' download to each job.
 */
public final class GpuScaling {

  public static void main(String[] args) throws Exception {
    BenchOptions opts = new BenchOptions(args);
    int rows = opts.getInt("rows", 160000);
    long modelMicros = opts.getLong("model-us", 1000);
    int batch = opts.getInt("batch", 256);
    int rounds = opts.getInt("rounds", 1);
    boolean ship =
        switch (opts.get("jars", "installed")) {
          case "shipped" -> true;
          case "installed" -> false;
          default -> throw new IllegalArgumentException("--jars takes shipped or installed");
        };
    List<Integer> counts = new ArrayList<>();
    for (String g : opts.get("gpus", "1,2,4").split(",")) {
      counts.add(Integer.parseInt(g.trim()));
    }
    Path dir = Files.createTempDirectory("sluice-gpu-scaling-");
    Path in = dir.resolve("in");
    TextCorpus.write(in, rows, 16);
    System.out.printf(
        Locale.ROOT,
        "%d rows, model %d us/row (%.0f rows/s per GPU), batch %d, %d round(s), Sluice's jars %s;"
            + " %s, %d cores%n",
        rows,
        modelMicros,
        1e6 / modelMicros,
        batch,
        rounds,
        ship ? "shipped with every job" : "installed on the cluster",
        MachineInfo.cpuModel(),
        Runtime.getRuntime().availableProcessors());
    Map<Integer, double[]> results = new LinkedHashMap<>();
    for (int n : counts) {
      StandaloneCluster.Spec spec =
          new StandaloneCluster.Spec(
              1,
              n,
              1,
              2,
              true,
              dir.resolve("cluster-" + n),
              ship ? FlinkClassPath.withoutSluice() : FlinkClassPath.all(),
              0);
      List<Double> job = new ArrayList<>();
      List<Double> stage = new ArrayList<>();
      try (StandaloneCluster cluster = StandaloneCluster.start(spec)) {
        FlinkCluster remote =
            ship
                ? FlinkCluster.remote("127.0.0.1", cluster.restPort())
                : FlinkCluster.remote("127.0.0.1", cluster.restPort(), 2, List.of());
        for (int r = 0; r < rounds; r++) {
          Path out = dir.resolve("out-" + n + "-" + r);
          long start = System.nanoTime();
          long startMs = System.currentTimeMillis();
          WriteResult w;
          try (Sluice s = FlinkSluice.on(remote)) {
            w =
                FlinkVsLocal.job(
                    s, in, out, modelMicros, Compute.actors(n).gpus(1).batchSize(batch));
          }
          double secs = (System.nanoTime() - start) / 1e9;
          long endMs = System.currentTimeMillis();
          Span span = Span.read(out, rows);
          if (w.rows() != rows || span.pids() != n) {
            throw new IllegalStateException(
                n
                    + " GPU TaskManagers: wrote "
                    + w.rows()
                    + " rows (expected "
                    + rows
                    + ") and the model ran in "
                    + span.pids()
                    + " processes (expected "
                    + n
                    + ")");
          }
          job.add(rows / secs);
          stage.add(rows / span.seconds());
          System.out.printf(
              Locale.ROOT,
              "%d GPU TM(s), round %d: job %.1f s (%.0f rows/s), model stage %.1f s (%.0f rows/s),"
                  + " rows per TaskManager %s%n",
              n,
              r + 1,
              secs,
              rows / secs,
              span.seconds(),
              rows / span.seconds(),
              span.rowsPerPid());
          System.out.println("  where the time went: " + phases(cluster, startMs, span, endMs));
        }
      }
      results.put(n, new double[] {Median.of(job), Median.of(stage)});
    }
    double[] one = results.get(counts.get(0));
    System.out.printf(
        Locale.ROOT,
        "%n| GPU TaskManagers | model bound rows/s | job rows/s | job ÷ %d | model stage rows/s"
            + " | model stage ÷ %d |%n",
        counts.get(0),
        counts.get(0));
    System.out.println("|---:|---:|---:|---:|---:|---:|");
    for (Map.Entry<Integer, double[]> e : results.entrySet()) {
      double[] v = e.getValue();
      System.out.printf(
          Locale.ROOT,
          "| %d | %.0f | %.0f | %.2f | %.0f | %.2f |%n",
          e.getKey(),
          e.getKey() * 1e6 / modelMicros,
          v[0],
          v[0] / one[0],
          v[1],
          v[1] / one[1]);
    }
    System.out.println("load average after: " + MachineInfo.loadAverage());
  }

  /**
   * The job's time in phases, from the cluster's record of its last job (REST {@code /jobs/ID}
   * state timestamps) and the model's own: driver start to the JobManager's CREATED (building the
   * graph, shipping the jars), to RUNNING, to the first model batch (deploying and opening tasks,
   * reading), the model's span, its last batch to FINISHED (the sink's final checkpoint and
   * commit), FINISHED to the driver's return.
   */
  private static String phases(StandaloneCluster cluster, long startMs, Span span, long endMs)
      throws Exception {
    JsonNode last = null;
    for (JsonNode j : cluster.get("/jobs/overview").path("jobs")) {
      if (last == null || j.path("start-time").asLong() > last.path("start-time").asLong()) {
        last = j;
      }
    }
    JsonNode ts = cluster.get("/jobs/" + last.path("jid").asText()).path("timestamps");
    long created = ts.path("CREATED").asLong();
    long running = ts.path("RUNNING").asLong();
    long finished = ts.path("FINISHED").asLong();
    return String.format(
        Locale.ROOT,
        "submit %.1f s, schedule %.1f s, to first batch %.1f s, model %.1f s, to finished %.1f s,"
            + " to driver %.1f s",
        (created - startMs) / 1e3,
        (running - created) / 1e3,
        (span.firstMs() - running) / 1e3,
        span.seconds(),
        (finished - span.lastMs()) / 1e3,
        (endMs - finished) / 1e3);
  }

  /** When and where the model stage ran, from its output rows. */
  private record Span(long firstMs, long lastMs, int pids, Map<Long, Integer> rowsPerPid) {

    double seconds() {
      return (lastMs - firstMs) / 1e3;
    }

    static Span read(Path out, int expectedRows) {
      long first = Long.MAX_VALUE;
      long last = Long.MIN_VALUE;
      Map<Long, Integer> perPid = new HashMap<>();
      boolean[] seen = new boolean[expectedRows];
      try (Sluice local = Sluice.local()) {
        for (Row r :
            local.readParquet(out.toString()).select("id", "pid", "start_ms", "end_ms").takeAll()) {
          int id = (int) r.getLong("id");
          if (seen[id]) {
            throw new IllegalStateException("id " + id + " written twice in " + out);
          }
          seen[id] = true;
          first = Math.min(first, r.getLong("start_ms"));
          last = Math.max(last, r.getLong("end_ms"));
          perPid.merge(r.getLong("pid"), 1, Integer::sum);
        }
      }
      return new Span(first, last, perPid.size(), perPid);
    }
  }
}
