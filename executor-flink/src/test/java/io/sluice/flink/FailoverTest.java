package io.sluice.flink;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.api.Compute;
import io.sluice.api.Row;
import io.sluice.api.Sluice;
import io.sluice.api.spi.WriteResult;
import io.sluice.flink.cluster.StandaloneCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly-once across a real failover: a JobManager, a CPU TaskManager and a (SIMULATED) GPU
 * TaskManager as separate JVMs; the job's model stage runs on the GPU one, which is killed with
 * SIGKILL after checkpoints completed and while rows are still flowing. A replacement GPU
 * TaskManager joins, Flink restarts the job from its last checkpoint, and the output must hold every
 * input id exactly once, with nothing published before the job's end.
 */
class FailoverTest {

  private static final int ROWS = 1200;

  @TempDir Path dir;

  @Test
  void killingTheGpuTaskManagerMidJobLosesAndDuplicatesNothing() throws Exception {
    Path in = dir.resolve("in");
    try (Sluice local = Sluice.local()) {
      List<Row> rows = new ArrayList<>();
      for (long i = 0; i < ROWS; i++) {
        rows.add(Row.of("id", i, "text", "doc " + i));
      }
      local.fromItems(rows).repartition(6).writeParquet(in.toString());
    }
    Path out = dir.resolve("out");
    StandaloneCluster.Spec spec = new StandaloneCluster.Spec(1, 1, 1, 2, true, dir.resolve("cluster"),
        ClusterClassPath.withoutSluice(), 0);
    try (StandaloneCluster cluster = StandaloneCluster.start(spec)) {
      FlinkCluster remote = FlinkCluster.remote("127.0.0.1", cluster.restPort(), 2, ClusterClassPath.sluiceJars())
          .withCheckpointInterval(Duration.ofMillis(400));
      try (Sluice s = FlinkSluice.on(remote)) {
        // 60 batches of 20 rows at 150 ms each: ~9 s of model time, checkpoints every 400 ms.
        CompletableFuture<WriteResult> job = CompletableFuture.supplyAsync(() -> s.readParquet(in.toString())
            .map(r -> Row.of("id", r.getLong("id"), "text", r.getString("text")))
            .mapBatches(new ShoutActor(150), Compute.actors(1).gpus(1).batchSize(20))
            .writeParquet(out.toString()));

        String jobId = awaitRunningJob(cluster, job);
        long completedBeforeKill = awaitCompletedCheckpoints(cluster, jobId, 3, job);
        cluster.kill("gpu-0");
        assertThat(job).as("the job must still be running when its GPU TaskManager dies").isNotDone();
        assertThat(Files.exists(out)).as("nothing is published before the job ends").isFalse();
        cluster.startTaskManager(true);
        assertThat(Files.exists(out)).as("nothing is published before the job ends").isFalse();

        WriteResult written = job.get(120, TimeUnit.SECONDS);
        assertThat(written.rows()).isEqualTo(ROWS);

        JsonNode checkpoints = cluster.get("/jobs/" + jobId + "/checkpoints");
        JsonNode restored = checkpoints.path("latest").path("restored");
        System.out.println("job " + jobId + ": " + completedBeforeKill + " checkpoints before the kill; restored "
            + restored + "; counts " + checkpoints.path("counts"));
        assertThat(restored.isObject()).as("the job was restored from a checkpoint: " + checkpoints).isTrue();
        assertThat(restored.path("id").asLong()).isPositive();
      }
    }
    String files = "read_parquet('" + out + "/*.parquet')";
    assertThat(FlinkBackendTest.duck("SELECT count(*), count(DISTINCT id), min(id), max(id), sum(id) FROM " + files))
        .containsExactly(List.of((long) ROWS, (long) ROWS, 0L, (long) ROWS - 1,
            java.math.BigInteger.valueOf((long) ROWS * (ROWS - 1) / 2)));
    assertThat(FlinkBackendTest.duck("SELECT count(*) FROM " + files + " WHERE shout <> upper(text)"))
        .containsExactly(List.of(0L));
    assertThat(Files.exists(out.resolve("_SUCCESS"))).isTrue();
    try (var staging = Files.list(dir)) {
      assertThat(staging.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".sluice-staging"));
    }
  }

  /** The id of the job the cluster runs (the write blocks the test thread's helper until it ends). */
  private static String awaitRunningJob(StandaloneCluster cluster, CompletableFuture<?> job) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      if (job.isDone()) {
        job.get(); // surfaces the failure
        throw new AssertionError("the job ended before it could be observed running");
      }
      for (JsonNode j : cluster.get("/jobs/overview").path("jobs")) {
        if ("RUNNING".equals(j.path("state").asText())) {
          return j.path("jid").asText();
        }
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no job ran within 60 s");
  }

  private static long awaitCompletedCheckpoints(StandaloneCluster cluster, String jobId, long n,
      CompletableFuture<?> job) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline && !job.isDone()) {
      long completed = cluster.get("/jobs/" + jobId + "/checkpoints").path("counts").path("completed").asLong();
      if (completed >= n) {
        return completed;
      }
      Thread.sleep(50);
    }
    String outcome = "running";
    if (job.isDone()) {
      try {
        outcome = "ended with " + job.get();
      } catch (Exception e) {
        outcome = "failed: " + e;
      }
    }
    throw new AssertionError("job " + jobId + " completed fewer than " + n + " checkpoints (" + outcome + "): "
        + cluster.get("/jobs/" + jobId + "/checkpoints"));
  }
}
