package io.sluice.flink;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.api.Compute;
import io.sluice.api.Row;
import io.sluice.api.Sluice;
import io.sluice.api.spi.WriteResult;
import io.sluice.flink.cluster.StandaloneCluster;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly-once across a real failover: a JobManager, a CPU TaskManager and a (SIMULATED) GPU
 * TaskManager as separate JVMs; the job's model stage runs on the GPU one, which is killed with
 * SIGKILL while it is part-way through its input. A replacement GPU TaskManager joins, Flink
 * restarts the job (from its last completed checkpoint, if one completed before the kill), and the
 * output must hold every input id exactly once, with nothing published before the job's end.
 */
class FailoverTest {

  private static final int ROWS = 2400;

  @TempDir Path dir;

  @Test
  void killingTheGpuTaskManagerMidJobLosesAndDuplicatesNothing() throws Exception {
    Path in = dir.resolve("in");
    try (Sluice local = Sluice.local()) {
      List<Row> rows = new ArrayList<>();
      for (long i = 0; i < ROWS; i++) {
        rows.add(Row.of("id", i, "text", "doc " + i));
      }
      local
          .fromItems(rows)
          .repartition(8)
          .writeParquet(in.toString()); // 8 splits (blocks) of 300 rows
    }
    Path out = dir.resolve("out");
    // Little data in flight per channel (4 KiB buffers, about one block each, one or two per
    // channel):
    // Flink's default of ~20 x 32 KiB per channel holds this whole input, and an aligned barrier
    // would
    // reach the model stage only behind all of it, so no checkpoint would complete while it has
    // work.
    StandaloneCluster.Spec spec =
        new StandaloneCluster.Spec(
            1,
            1,
            1,
            2,
            true,
            dir.resolve("cluster"),
            ClusterClassPath.withoutSluice(),
            0,
            Map.of(
                "taskmanager.memory.segment-size", "4kb",
                "taskmanager.network.memory.buffers-per-channel", "1",
                "taskmanager.network.memory.floating-buffers-per-gate", "1",
                "taskmanager.network.memory.max-buffers-per-channel", "1"));
    try (StandaloneCluster cluster = StandaloneCluster.start(spec)) {
      runAndKill(cluster, in, out);
    } catch (Exception | AssertionError e) {
      keepLogs(spec.stateDir().resolve("log"));
      throw e;
    }
    String files = "read_parquet('" + out + "/*.parquet')";
    assertThat(
            FlinkBackendTest.duck(
                "SELECT count(*), count(DISTINCT id), min(id), max(id), sum(id) FROM " + files))
        .containsExactly(
            List.of(
                (long) ROWS,
                (long) ROWS,
                0L,
                (long) ROWS - 1,
                BigInteger.valueOf((long) ROWS * (ROWS - 1) / 2)));
    assertThat(
            FlinkBackendTest.duck("SELECT count(*) FROM " + files + " WHERE shout <> upper(text)"))
        .containsExactly(List.of(0L));
    assertThat(Files.exists(out.resolve("_SUCCESS"))).isTrue();
    try (var staging = Files.list(dir)) {
      assertThat(staging.map(p -> p.getFileName().toString()))
          .noneMatch(n -> n.startsWith(".sluice-staging"));
    }
  }

  /**
   * Runs the job, kills the GPU TaskManager while the model stage works, adds a replacement, checks
   * the restore.
   */
  private static void runAndKill(StandaloneCluster cluster, Path in, Path out) throws Exception {
    FlinkCluster remote =
        FlinkCluster.remote("127.0.0.1", cluster.restPort(), 2, ClusterClassPath.sluiceJars())
            .withCheckpointInterval(Duration.ofMillis(400));
    try (Sluice s = FlinkSluice.on(remote)) {
      // 120 batches of 20 rows at 150 ms each: ~18 s of model time, checkpoints every 400 ms.
      CompletableFuture<WriteResult> job =
          CompletableFuture.supplyAsync(
              () ->
                  s.readParquet(in.toString())
                      .select(
                          "id",
                          "text") // a CPU stage whose schema is known: no schema-finding job first
                      .mapBatches(new ShoutActor(150), Compute.actors(1).gpus(1).batchSize(20))
                      .writeParquet(out.toString()));

      String jobId = awaitRunningJob(cluster, job);
      // The model stage must be at work when its TaskManager dies: wait until it has taken its
      // first rows.
      // (REST metrics refresh only every 10 s, so: running, then 4 s of its ~18 s of work.)
      awaitVertexRunning(cluster, jobId, "Shout", job);
      Thread.sleep(4000);
      long completedBeforeKill =
          cluster.get("/jobs/" + jobId + "/checkpoints").path("counts").path("completed").asLong();
      assertThat(vertexState(cluster, jobId, "Shout"))
          .as("the model stage is still at work")
          .isEqualTo("RUNNING");
      cluster.kill("gpu-0");
      assertThat(job).as("the job must still be running when its GPU TaskManager dies").isNotDone();
      assertThat(Files.exists(out)).as("nothing is published before the job ends").isFalse();
      cluster.startTaskManager(true);
      assertThat(Files.exists(out)).as("nothing is published before the job ends").isFalse();

      WriteResult written = job.get(240, TimeUnit.SECONDS);
      assertThat(written.rows()).isEqualTo(ROWS);

      JsonNode checkpoints = cluster.get("/jobs/" + jobId + "/checkpoints");
      JsonNode restored = checkpoints.path("latest").path("restored");
      System.out.println(
          "job "
              + jobId
              + ": "
              + completedBeforeKill
              + " checkpoints before the kill; restored "
              + restored
              + "; counts "
              + checkpoints.path("counts"));
      assertThat(checkpoints.path("counts").path("completed").asLong())
          .as("checkpoints ran")
          .isPositive();
    }
  }

  private static void awaitVertexRunning(
      StandaloneCluster cluster, String jobId, String name, CompletableFuture<?> job)
      throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(150);
    while (System.nanoTime() < deadline && !job.isDone()) {
      if ("RUNNING".equals(vertexState(cluster, jobId, name))) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError(
        "vertex "
            + name
            + " of job "
            + jobId
            + " did not start in time (done: "
            + job.isDone()
            + ")");
  }

  private static String vertexState(StandaloneCluster cluster, String jobId, String name)
      throws Exception {
    for (JsonNode v : cluster.get("/jobs/" + jobId).path("vertices")) {
      if (v.path("name").asText().contains(name)) {
        return v.path("status").asText();
      }
    }
    throw new AssertionError("job " + jobId + " has no vertex " + name);
  }

  /** The cluster's logs outlive the test's temp dir when it fails (target/failover-logs). */
  private static void keepLogs(Path logs) {
    try (var files = Files.list(logs)) {
      Path keep = Files.createDirectories(Path.of("target", "failover-logs"));
      for (Path f : files.toList()) {
        Files.copy(f, keep.resolve(f.getFileName()), StandardCopyOption.REPLACE_EXISTING);
      }
    } catch (IOException e) {
      System.err.println("could not keep the cluster logs: " + e);
    }
  }

  /**
   * The id of the job the cluster runs (the write blocks the test thread's helper until it ends).
   */
  private static String awaitRunningJob(StandaloneCluster cluster, CompletableFuture<?> job)
      throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      if (job.isDone()) {
        job.get(); // surfaces the failure
        throw new AssertionError("the job ended before it could be observed running");
      }
      for (JsonNode j : cluster.get("/jobs/overview").path("jobs")) {
        // The write (not the one-row job that finds the output schema first) is the one with a
        // writer.
        if ("RUNNING".equals(j.path("state").asText())
            && cluster
                .get("/jobs/" + j.path("jid").asText())
                .path("vertices")
                .toString()
                .contains("Writer")) {
          return j.path("jid").asText();
        }
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no job ran within 60 s");
  }
}
