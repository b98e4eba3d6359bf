package io.sluice.flink;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.api.Compute;
import io.sluice.api.Row;
import io.sluice.api.Sluice;
import io.sluice.api.spi.WriteResult;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checkpoints of a write whose model stage is slow (an actor sleeping per batch, blocks of many
 * batches): every input id is written exactly once, and the checkpoints' trigger-to-completion
 * times with each subtask's start delay, sync and async phases (from the JobManager's REST API) are
 * printed, the measurement behind docs/cluster.md's note on the slow first checkpoint. Times are
 * reported, not asserted: they follow the machine's load.
 */
class CheckpointLatencyTest {

  private static final int ROWS = 2400;
  @TempDir Path dir;

  @Test
  void slowActorWriteCheckpointsAndWritesEveryRowOnce() throws Exception {
    Path in = dir.resolve("in");
    try (Sluice local = Sluice.local()) {
      List<Row> rows = new ArrayList<>();
      for (long i = 0; i < ROWS; i++) {
        rows.add(Row.of("id", i, "text", "doc " + i));
      }
      local.fromItems(rows).repartition(8).writeParquet(in.toString());
    }
    Path out = dir.resolve("out");
    try (FlinkCluster cluster =
            FlinkCluster.embedded(1, 4).withCheckpointInterval(Duration.ofMillis(300));
        Sluice s = FlinkSluice.on(cluster)) {
      long start = System.nanoTime();
      // 120 batches of 20 rows at 40 ms: ~5 s of model time.
      WriteResult written =
          s.readParquet(in.toString())
              .mapBatches(new ShoutActor(40), Compute.actors(1).batchSize(20))
              .writeParquet(out.toString());
      long wallMs = (System.nanoTime() - start) / 1_000_000;
      assertThat(written.rows()).isEqualTo(ROWS);
      String jobId = ((FlinkBackend) s.backend()).lastFlinkJobId().orElseThrow();
      JsonNode cp = get(cluster.restAddress().resolve("/jobs/" + jobId + "/checkpoints"));
      List<Long> durations = new ArrayList<>();
      Map<String, String> names = new HashMap<>();
      for (JsonNode v : get(cluster.restAddress().resolve("/jobs/" + jobId)).path("vertices")) {
        names.put(v.path("id").asText(), v.path("name").asText());
      }
      for (JsonNode h : cp.path("history")) {
        if (h.path("status").asText().equals("COMPLETED")) {
          durations.add(h.path("end_to_end_duration").asLong());
        } else {
          System.out.println(
              "checkpoint "
                  + h.path("id")
                  + " "
                  + h.path("status")
                  + ": "
                  + h.path("failure_message"));
        }
        StringBuilder perVertex = new StringBuilder();
        JsonNode details =
            get(
                cluster
                    .restAddress()
                    .resolve("/jobs/" + jobId + "/checkpoints/details/" + h.path("id").asText()));
        for (Iterator<String> it = details.path("tasks").fieldNames(); it.hasNext(); ) {
          String vertex = it.next();
          perVertex.append("\n  ").append(names.get(vertex)).append(": ");
          JsonNode subtasks =
              get(cluster
                      .restAddress()
                      .resolve(
                          "/jobs/"
                              + jobId
                              + "/checkpoints/details/"
                              + h.path("id").asText()
                              + "/subtasks/"
                              + vertex))
                  .path("subtasks");
          for (JsonNode st : subtasks) {
            perVertex
                .append("[e2e ")
                .append(st.path("end_to_end_duration"))
                .append(" start_delay ")
                .append(st.path("start_delay"))
                .append(" sync ")
                .append(st.path("checkpoint").path("sync"))
                .append(" async ")
                .append(st.path("checkpoint").path("async"))
                .append(" align ")
                .append(st.path("alignment").path("duration"))
                .append(" persisted ")
                .append(st.path("alignment").path("persisted"))
                .append("] ");
          }
        }
        System.out.println("checkpoint " + h.path("id") + " per vertex: " + perVertex);
      }
      System.out.println(
          "slow-actor write: wall "
              + wallMs
              + " ms, checkpoints "
              + cp.path("counts")
              + ", end-to-end ms (newest first) "
              + durations
              + ", summary "
              + cp.path("summary").path("end_to_end_duration"));
      assertThat(cp.path("counts").path("completed").asLong()).isPositive();
    }
    List<List<Object>> ids =
        FlinkBackendTest.duck(
            "SELECT count(*), count(DISTINCT id), sum(id)::BIGINT FROM read_parquet('"
                + out
                + "/*.parquet')");
    assertThat(ids)
        .containsExactly(List.of((long) ROWS, (long) ROWS, (long) ROWS * (ROWS - 1) / 2));
  }

  private static JsonNode get(URI uri) throws Exception {
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
    return new ObjectMapper().readTree(r.body());
  }
}
