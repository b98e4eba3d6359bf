package io.sluice.flink;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.api.Compute;
import io.sluice.api.JobStats;
import io.sluice.api.Row;
import io.sluice.api.Sluice;
import io.sluice.api.spi.WriteResult;
import io.sluice.remote.Remote;
import io.sluice.remote.fixture.FixtureProcess;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A remote-model stage (chat completions against two fixture server processes, which answer {@code
 * "echo: " + prompt}) on an embedded Flink cluster: an actor stage without a GPU, two actors as two
 * subtasks of one TaskManager. Every id comes out once with the same reply as the local backend's
 * run of the same program, each row costs the servers one request, the servers never see more than
 * the per-endpoint limit in flight, and the stage's counters reach the job's stats from the
 * subtasks. (That the subtasks' deserialized specs share one client is {@code SharedClientsTest}'s:
 * on this small input Flink may feed every block to one subtask.)
 */
class RemoteOnFlinkTest {

  private static final int ROWS = 240;
  private static final int MAX_CONCURRENT = 2;

  @TempDir Path dir;

  private static WriteResult reply(Sluice s, Path in, Path out, URI... servers) {
    // one read task per file, so the blocks spread over both actor subtasks and they run at once
    return s.read("parquet", List.of(in.toString()), Map.of("minTaskBytes", "1"))
        .mapBatches(
            Remote.openAiCompatible(servers)
                .model("echo")
                .chat("Say: {text}", "reply")
                .temperature(0)
                .maxTokens(16)
                .maxConcurrentRequests(MAX_CONCURRENT),
            Compute.actors(2).cpus(0).batchSize(20))
        .select("id", "text", "reply")
        .writeParquet(out.toString());
  }

  @Test
  void everyRowOnceWithTheLocalRunsReplyAndOneClientPerTaskManager() throws Exception {
    Path in = dir.resolve("in");
    Path localOut = dir.resolve("local");
    Path flinkOut = dir.resolve("flink");
    try (FixtureProcess a = FixtureProcess.start("--latency-ms", "20");
        FixtureProcess b = FixtureProcess.start("--latency-ms", "20")) {
      try (Sluice local = Sluice.local()) {
        List<Row> rows = new ArrayList<>();
        for (long i = 0; i < ROWS; i++) {
          rows.add(
              Row.of(
                  "id", i, "text", "sentence " + i + (i % 3 == 0 ? " about rivers" : " on GPUs")));
        }
        local.fromItems(rows).repartition(12).writeParquet(in.toString());
        assertThat(reply(local, in, localOut, a.uri(), b.uri()).rows()).isEqualTo(ROWS);
      }
      long localA = a.requests();
      long localRequests = localA + b.requests();
      assertThat(localRequests).isEqualTo(ROWS);

      WriteResult written;
      try (FlinkCluster cluster = FlinkCluster.embedded(1, 4);
          Sluice flink = FlinkSluice.on(cluster)) {
        written = reply(flink, in, flinkOut, a.uri(), b.uri());
      }
      assertThat(written.rows()).isEqualTo(ROWS);
      assertThat(a.requests() + b.requests() - localRequests)
          .as("one request per row on Flink")
          .isEqualTo(ROWS);
      // the stage's accounting reaches the job's stats from the subtasks (Flink accumulators)
      String op =
          written.stats().operators().stream()
              .map(JobStats.OperatorStats::name)
              .filter(n -> n.startsWith("Remote("))
              .findFirst()
              .orElseThrow();
      Map<String, Long> counters = written.stats().udfCounters(op);
      assertThat(counters)
          .containsEntry("requests", (long) ROWS)
          .containsEntry("status.200", (long) ROWS)
          .containsEntry("endpoint[" + a.uri() + "].requests", a.requests() - localA);
      assertThat(counters.get("tokens.prompt")).isPositive();
      for (FixtureProcess server : List.of(a, b)) {
        JsonNode stats = server.stats();
        assertThat(stats.path("maxInFlight").asLong())
            .as("requests in flight at once on one server")
            .isLessThanOrEqualTo(MAX_CONCURRENT);
        assertThat(stats.path("statuses").path("200").asLong()).isEqualTo(server.requests());
      }
    }
    List<List<Object>> cmp =
        FlinkBackendTest.duck(
            "SELECT count(*), count(DISTINCT f.id),"
                + " CAST(sum(CASE WHEN f.reply = l.reply AND f.reply = 'echo: Say: ' || f.text THEN 1 ELSE 0 END) AS BIGINT)"
                + " FROM read_parquet('"
                + flinkOut
                + "/*.parquet') f JOIN read_parquet('"
                + localOut
                + "/*.parquet') l"
                + " USING (id)");
    assertThat(cmp).containsExactly(List.of((long) ROWS, (long) ROWS, (long) ROWS));
    assertThat(
            FlinkBackendTest.duck(
                "SELECT count(*) FROM read_parquet('" + flinkOut + "/*.parquet')"))
        .containsExactly(List.of((long) ROWS));
  }
}
