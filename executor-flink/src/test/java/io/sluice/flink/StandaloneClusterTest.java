package io.sluice.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.api.Compute;
import io.sluice.api.Row;
import io.sluice.api.Sluice;
import io.sluice.api.spi.WriteResult;
import io.sluice.flink.cluster.ClusterState;
import io.sluice.flink.cluster.StandaloneCluster;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real multi-process cluster: a JobManager and two TaskManagers as separate JVMs on 127.0.0.1
 * (one CPU-only, one with one SIMULATED GPU), started from jars that hold Flink but no Sluice
 * class, so the job only runs because the backend ships Sluice's and the test's classes with it.
 */
class StandaloneClusterTest {

  private static final int ROWS = 200;

  @TempDir Path dir;

  @Test
  void actorStageRunsOnlyOnTheGpuTaskManagerAndCpuStagesOnTheCpuOne() throws Exception {
    Path in = dir.resolve("in");
    try (Sluice local = Sluice.local()) {
      List<Row> rows = new ArrayList<>();
      for (long i = 0; i < ROWS; i++) {
        rows.add(Row.of("id", i, "text", "doc " + i));
      }
      local.fromItems(rows).repartition(2).writeParquet(in.toString());
    }
    List<Path> withoutSluice = ClusterClassPath.withoutSluice();
    List<Path> sluiceJars = ClusterClassPath.sluiceJars();
    assertThat(sluiceJars).isNotEmpty();
    Path out = dir.resolve("out");
    StandaloneCluster.Spec spec =
        new StandaloneCluster.Spec(1, 1, 1, 2, true, dir.resolve("cluster"), withoutSluice, 0);
    try (StandaloneCluster cluster = StandaloneCluster.start(spec)) {
      assertThat(cluster.nodes()).hasSize(3).allMatch(n -> n.process().isAlive());
      assertThat(ClusterState.processes(spec.stateDir()))
          .extracting(ClusterState.Process::id)
          .containsExactly("jobmanager", "cpu-0", "gpu-0");
      String jobId;
      WriteResult written;
      FlinkCluster remote = FlinkCluster.remote("127.0.0.1", cluster.restPort(), 2, sluiceJars);
      try (Sluice s = FlinkSluice.on(remote)) {
        written =
            s.readParquet(in.toString())
                .map(r -> Row.of("id", r.getLong("id"), "text", r.getString("text")))
                .mapBatches(new ShoutActor(), Compute.actors(1).gpus(1).batchSize(16))
                .writeParquet(out.toString());
        jobId = ((FlinkBackend) s.backend()).lastFlinkJobId().orElseThrow();
      }
      assertThat(written.rows()).isEqualTo(ROWS);
      List<List<Object>> devices =
          FlinkBackendTest.duck(
              "SELECT gpus, count(*), count(DISTINCT id) FROM read_parquet('"
                  + out
                  + "/*.parquet') GROUP BY gpus");
      assertThat(devices).containsExactly(List.of("[0]", (long) ROWS, (long) ROWS));

      Map<String, Set<String>> placement = new HashMap<>();
      for (JsonNode v : cluster.get("/jobs/" + jobId).path("vertices")) {
        Set<String> tms = new HashSet<>();
        for (JsonNode tm :
            cluster
                .get("/jobs/" + jobId + "/vertices/" + v.path("id").asText() + "/taskmanagers")
                .path("taskmanagers")) {
          tms.add(tm.path("taskmanager-id").asText());
        }
        placement.put(v.path("name").asText(), tms);
      }
      System.out.println("Flink job " + jobId + " vertex placement: " + placement);
      // the figures the backend returned carry the same placement, read by its own REST reader
      FlinkClusterView view = FlinkClusterView.of(written.stats()).orElseThrow();
      assertThat(view.error()).isNull();
      assertThat(view.jobId()).isEqualTo(jobId);
      assertThat(view.webUi()).isEqualTo(cluster.restAddress().resolve("/"));
      assertThat(view.taskManagers())
          .extracting(
              FlinkClusterView.TaskManager::id,
              FlinkClusterView.TaskManager::kind,
              FlinkClusterView.TaskManager::gpus,
              FlinkClusterView.TaskManager::slots,
              FlinkClusterView.TaskManager::host)
          .containsExactlyInAnyOrder(
              tuple("cpu-0", "cpu", 0, 2, "127.0.0.1"), tuple("gpu-0", "gpu", 1, 2, "127.0.0.1"));
      Map<String, Set<String>> viewed = new HashMap<>();
      view.placement().forEach(p -> viewed.put(p.task(), new HashSet<>(p.taskManagers())));
      assertThat(viewed).isEqualTo(placement);
      assertThat(placement).hasSizeGreaterThanOrEqualTo(3);
      placement.forEach(
          (vertex, tms) -> {
            // the actor pool's own vertex; "Map -> Shout: cut into batches" is the CPU side
            if (vertex.equals("Shout")) {
              assertThat(tms).as(vertex).containsExactly("gpu-0");
            } else {
              assertThat(tms).as(vertex).containsExactly("cpu-0");
            }
          });
    }
    assertThat(ClusterState.processes(spec.stateDir())).noneMatch(ClusterState.Process::alive);
  }
}
