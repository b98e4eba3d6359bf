package io.sluice.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.api.Compute;
import io.sluice.api.Dataset;
import io.sluice.api.ExecutionOptions;
import io.sluice.api.JobResult;
import io.sluice.api.JobStats;
import io.sluice.api.JobStats.OperatorStats;
import io.sluice.api.PlanException;
import io.sluice.api.Row;
import io.sluice.api.Sluice;
import io.sluice.api.SluiceException;
import io.sluice.api.spi.WriteOptions;
import io.sluice.api.spi.WriteResult;
import io.sluice.api.udf.UdfFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same Dataset programs on the local backend and on an embedded Flink cluster (a MiniCluster).
 */
class FlinkBackendTest {

  private static final int ROWS = 300;
  private static FlinkCluster cluster;
  @TempDir static Path dir;
  private static Path input;

  @BeforeAll
  static void start() {
    cluster = FlinkCluster.embedded(1, 4);
    input = dir.resolve("in");
    try (Sluice local = Sluice.local()) {
      List<Row> rows = new ArrayList<>();
      for (long i = 0; i < ROWS; i++) {
        rows.add(Row.of("id", i, "text", "doc " + i));
      }
      // Several files, so the Flink source has several splits to hand out.
      local.fromItems(rows).repartition(3).writeParquet(input.toString());
    }
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  /** read Parquet -> map (CPU) -> actor mapBatches -> filter -> write Parquet. */
  private static WriteResult program(Sluice s, Path out) {
    return s.readParquet(input.toString())
        .map(r -> Row.of("id", r.getLong("id"), "text", r.getString("text") + "!"))
        .mapBatches(new ShoutActor(), Compute.actors(2).batchSize(32))
        .filter(r -> r.getLong("id") % 7 != 3)
        .writeParquet(out.toString());
  }

  @Test
  void sameRowsAsTheLocalBackendReadBackByDuckDb() throws Exception {
    Path localOut = dir.resolve("local-out");
    Path flinkOut = dir.resolve("flink-out");
    WriteResult local;
    try (Sluice s = Sluice.local()) {
      local = program(s, localOut);
    }
    WriteResult flink;
    JobStats stats;
    try (Sluice s = FlinkSluice.on(cluster)) {
      flink = program(s, flinkOut);
      stats = flink.stats();
    }
    String cols = "id, text, shout";
    List<List<Object>> expected =
        duck("SELECT " + cols + " FROM read_parquet('" + localOut + "/*.parquet') ORDER BY id");
    List<List<Object>> actual =
        duck("SELECT " + cols + " FROM read_parquet('" + flinkOut + "/*.parquet') ORDER BY id");
    long kept = Stream.iterate(0L, i -> i + 1).limit(ROWS).filter(i -> i % 7 != 3).count();
    assertThat(expected).hasSize((int) kept);
    assertThat(actual).isEqualTo(expected);
    assertThat(actual.get(1)).containsExactly(1L, "doc 1!", "DOC 1!");
    assertThat(flink.rows()).isEqualTo(local.rows()).isEqualTo(kept);
    assertThat(Files.exists(flinkOut.resolve("_SUCCESS"))).isTrue();
    // Per-operator figures from the subtasks' accumulators, in plan order (the source reports
    // none).
    assertThat(stats.operators())
        .extracting(OperatorStats::name)
        .containsExactly("Map", "Shout", "Filter", "WriteParquet");
    OperatorStats shout = stats.operators().get(1);
    assertThat(shout.rowsIn()).isEqualTo(ROWS);
    assertThat(shout.rowsOut()).isEqualTo(ROWS);
    assertThat(shout.busyNanos()).isPositive();
    assertThat(stats.operators().get(3).rowsIn()).isEqualTo(kept);
    assertThat(stats.toTable()).contains("Shout").contains("rows in");
    // Each of the two actors cuts exactly 32-row batches; only its last may be smaller.
    List<List<Object>> sizes =
        duck(
            "SELECT batch_rows, count(*) FROM read_parquet('"
                + flinkOut
                + "/*.parquet') WHERE id % 7 != 3 GROUP BY batch_rows ORDER BY batch_rows");
    long odd = sizes.stream().filter(r -> (Long) r.get(0) != 32L).count();
    assertThat(odd).isLessThanOrEqualTo(2);
  }

  /**
   * One input block far bigger than a batch still reaches every actor of the pool: it is cut into
   * batches before the exchange (dealt whole, it went to a single actor and left the other idle).
   */
  @Test
  void aSingleLargeBlockIsSpreadOverEveryActor() {
    List<Row> items = new ArrayList<>();
    for (long i = 0; i < 4000; i++) {
      items.add(Row.of("id", i, "text", "doc " + i));
    }
    Path one = dir.resolve("one-file");
    try (Sluice s = Sluice.local()) {
      assertThat(s.fromItems(items).writeParquet(one.toString()).files()).hasSize(1);
    }
    try (Sluice s = FlinkSluice.on(cluster)) {
      List<Row> out =
          s.readParquet(one.toString())
              .mapBatches(new ShoutActor(), Compute.actors(2).batchSize(100))
              .takeAll();
      assertThat(out).hasSize(4000);
      Map<Long, Long> perActor = new TreeMap<>();
      out.forEach(r -> perActor.merge(r.getLong("actor"), 1L, Long::sum));
      assertThat(perActor).as("rows per actor").containsOnlyKeys(0L, 1L);
      assertThat(perActor.values()).allSatisfy(n -> assertThat(n).isGreaterThanOrEqualTo(1000));
      assertThat(out).allSatisfy(r -> assertThat(r.getLong("batch_rows")).isEqualTo(100));
    }
  }

  @Test
  void streamsRowsToTheDriver() {
    try (Sluice s = FlinkSluice.on(cluster)) {
      Dataset ds = s.readParquet(input.toString()).filter(r -> r.getLong("id") < 50);
      JobResult<Long> counted = ds.countWithStats();
      assertThat(counted.value()).isEqualTo(50);
      assertThat(counted.stats().outputRows()).isEqualTo(50);
      assertThat(counted.stats().operators())
          .singleElement()
          .satisfies(o -> assertThat(o.rowsIn()).isEqualTo(ROWS));
      assertThat(ds.takeAll())
          .extracting(r -> r.getLong("id"))
          .containsExactlyInAnyOrderElementsOf(Stream.iterate(0L, i -> i + 1).limit(50).toList());
      assertThat(s.readParquet(input.toString()).map(r -> Row.of("id", r.getLong("id"))).take(5))
          .hasSize(5);
    }
  }

  @Test
  void unionAndLimitRunOnFlink() {
    try (Sluice s = FlinkSluice.on(cluster)) {
      assertThat(s.range(40).union(s.range(25)).count()).isEqualTo(65);
      // A limit after a flatMap cannot be pushed into the read: it runs as Flink's own limit stage.
      Dataset doubled = s.range(100).flatMap(r -> List.of(r, r), Compute.tasks());
      assertThat(doubled.limit(37).count()).isEqualTo(37);
      assertThat(doubled.count()).isEqualTo(200);
    }
  }

  @Test
  void theFactoryIsFoundByNameAndRunsOnItsOwnMiniCluster() {
    try (Sluice s = Sluice.backend("flink", ExecutionOptions.defaults())) {
      assertThat(s.backend()).isInstanceOf(FlinkBackend.class);
      assertThat(((FlinkBackend) s.backend()).cluster().isEmbedded()).isTrue();
      assertThat(s.range(100).filter(r -> r.getLong("id") % 2 == 0).count()).isEqualTo(50);
    }
  }

  @Test
  void failingUdfGivesTheLocalMessageAndPublishesNothing() throws Exception {
    Path localOut = dir.resolve("fail-local");
    Path flinkOut = dir.resolve("fail-flink");
    String localMessage;
    try (Sluice s = Sluice.local()) {
      localMessage = catchMessage(() -> failing(s, localOut));
    }
    try (Sluice s = FlinkSluice.on(cluster)) {
      assertThatThrownBy(() -> failing(s, flinkOut))
          .isInstanceOf(SluiceException.class)
          .hasMessage(localMessage);
    }
    assertThat(localMessage).contains("id 137 is bad");
    assertThat(flinkOut).doesNotExist();
    try (Stream<Path> left = Files.list(dir)) {
      assertThat(left.map(p -> p.getFileName().toString()))
          .noneMatch(n -> n.contains("fail-flink"));
    }
  }

  private static void failing(Sluice s, Path out) {
    s.readParquet(input.toString())
        .map(
            r -> {
              if (r.getLong("id") == 137) {
                throw new IllegalArgumentException("id 137 is bad");
              }
              return r;
            })
        .writeParquet(out.toString(), WriteOptions.defaults());
  }

  private static String catchMessage(Runnable r) {
    try {
      r.run();
    } catch (SluiceException e) {
      return e.getMessage();
    }
    throw new AssertionError("expected the job to fail");
  }

  @Test
  void missingPathGivesTheLocalMessage() {
    String missing = dir.resolve("nope").toString();
    String localMessage;
    try (Sluice s = Sluice.local()) {
      localMessage = catchMessage(() -> s.readParquet(missing).count());
    }
    try (Sluice s = FlinkSluice.on(cluster)) {
      assertThatThrownBy(() -> s.readParquet(missing).count()).hasMessage(localMessage);
    }
  }

  @Test
  void corruptFileGivesTheLocalMessageAfterTheSameRetries() throws Exception {
    Path bad = dir.resolve("corrupt");
    Files.createDirectories(bad);
    Path good;
    try (Stream<Path> files = Files.list(input)) {
      good = files.filter(p -> p.toString().endsWith(".parquet")).findFirst().orElseThrow();
    }
    byte[] bytes = Files.readAllBytes(good);
    // Garbage over the data pages, the footer intact: planning succeeds, the read fails.
    Arrays.fill(bytes, 4, bytes.length / 3, (byte) 0x7f);
    Files.write(bad.resolve("part-0.parquet"), bytes);
    String localMessage;
    try (Sluice s = Sluice.local()) {
      localMessage = catchMessage(() -> s.readParquet(bad.toString()).count());
    }
    assertThat(localMessage).contains("part-0.parquet").contains("attempts");
    try (Sluice s = FlinkSluice.on(cluster)) {
      assertThatThrownBy(() -> s.readParquet(bad.toString()).count())
          .isInstanceOf(SluiceException.class)
          .hasMessage(localMessage);
    }
  }

  static List<List<Object>> duck(String sql) throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:duckdb:");
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql)) {
      List<List<Object>> rows = new ArrayList<>();
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        List<Object> row = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
          row.add(rs.getObject(i));
        }
        rows.add(row);
      }
      return rows;
    }
  }

  @Test
  void byteSizedBatchesAreRejectedBeforeSubmitting() {
    try (Sluice s = FlinkSluice.on(cluster)) {
      assertThatThrownBy(
              () ->
                  s.readParquet(input.toString())
                      .mapBatches(
                          UdfFactory.of("same", (in, a) -> in), Compute.tasks().batchBytes(1 << 20))
                      .writeParquet(dir.resolve("bytes").toString()))
          .isInstanceOf(PlanException.class)
          .hasMessageContaining("cuts batches only by rows on actor stages");
      assertThat(dir.resolve("bytes")).doesNotExist();
    }
  }
}
