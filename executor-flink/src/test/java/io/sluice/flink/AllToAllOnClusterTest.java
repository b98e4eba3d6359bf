package io.sluice.flink;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.api.Aggregate;
import io.sluice.api.Dataset;
import io.sluice.api.Row;
import io.sluice.api.Sluice;
import io.sluice.api.SortKey;
import io.sluice.api.SortOrder;
import io.sluice.api.spi.WriteResult;
import io.sluice.flink.cluster.StandaloneCluster;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * repartition, randomShuffle, sort and groupBy on a real multi-process cluster (a JobManager and
 * two CPU TaskManagers as separate JVMs, so exchanges cross processes), each program also run on
 * {@code Sluice.local()}: the same rows, and for sorts the same order.
 */
class AllToAllOnClusterTest {

  private static final int ROWS = 600;
  @TempDir static Path dir;
  private static Path input;
  private static Path grouped;
  private static StandaloneCluster cluster;
  private static FlinkCluster remote;

  @BeforeAll
  static void start() throws Exception {
    input = dir.resolve("in");
    try (Sluice local = Sluice.local()) {
      List<Row> rows = new ArrayList<>();
      for (long i = 0; i < ROWS; i++) {
        rows.add(Row.of("id", i, "text", "doc " + (i * 37 % ROWS)));
      }
      local.fromItems(rows).repartition(4).writeParquet(input.toString());
      grouped = dir.resolve("grouped");
      GroupedRows.of(local, ROWS).repartition(4).writeParquet(grouped.toString());
    }
    cluster =
        StandaloneCluster.start(
            new StandaloneCluster.Spec(
                2, 0, 1, 2, false, dir.resolve("cluster"), ClusterClassPath.withoutSluice(), 0));
    remote = FlinkCluster.remote("127.0.0.1", cluster.restPort(), 3, ClusterClassPath.sluiceJars());
  }

  @AfterAll
  static void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  /**
   * The program's rows (as maps, which compare by value) on the cluster into {@code flinkOut}, and
   * locally.
   */
  private static List<Map<String, Object>> onBoth(
      Function<Sluice, Dataset> program, List<Map<String, Object>> flinkOut) {
    try (Sluice s = FlinkSluice.on(remote)) {
      program.apply(s).takeAll().forEach(r -> flinkOut.add(r.asMap()));
    }
    try (Sluice s = Sluice.local()) {
      return program.apply(s).takeAll().stream().map(Row::asMap).toList();
    }
  }

  private static List<Long> ids(List<Map<String, Object>> rows) {
    return rows.stream().map(r -> (Long) r.get("id")).toList();
  }

  private static List<Map<String, Object>> byId(List<Map<String, Object>> rows) {
    return rows.stream().sorted(Comparator.comparingLong(r -> (Long) r.get("id"))).toList();
  }

  @Test
  void repartitionKeepsEveryRow() {
    List<Map<String, Object>> flink = new ArrayList<>();
    List<Map<String, Object>> local =
        onBoth(
            s ->
                s.readParquet(input.toString())
                    .repartition(3)
                    .map(r -> Row.of("id", r.getLong("id"), "text", r.getString("text") + "?")),
            flink);
    assertThat(local).hasSize(ROWS);
    assertThat(byId(flink)).isEqualTo(byId(local));
  }

  @Test
  void randomShuffleIsAPermutationOfTheRows() {
    List<Map<String, Object>> flink = new ArrayList<>();
    List<Map<String, Object>> local =
        onBoth(s -> s.readParquet(input.toString()).randomShuffle(42), flink);
    assertThat(byId(flink)).isEqualTo(byId(local)).hasSize(ROWS);
    // Rows leave in another order than any reader's: each split's ids are ascending in the input.
    List<Long> got = ids(flink);
    long ascendingSteps =
        LongStream.range(1, got.size())
            .filter(i -> got.get((int) i) > got.get((int) i - 1))
            .count();
    assertThat(ascendingSteps).isBetween(ROWS / 4L, 3L * ROWS / 4);
  }

  @Test
  void sortGivesTheLocalOrder() {
    List<Map<String, Object>> flink = new ArrayList<>();
    List<Map<String, Object>> local =
        onBoth(
            s ->
                s.readParquet(input.toString())
                    .map(
                        r ->
                            Row.of(
                                "bucket",
                                r.getLong("id") % 5,
                                "id",
                                r.getLong("id"),
                                "text",
                                r.getString("text")))
                    .sort(SortKey.asc("bucket"), SortKey.desc("id")),
            flink);
    assertThat(local).hasSize(ROWS);
    assertThat(ids(local).subList(0, 3)).containsExactly(595L, 590L, 585L);
    assertThat(flink).isEqualTo(local);
  }

  @Test
  void sortThenLimitIsTheLocalTopRows() {
    List<Map<String, Object>> flink = new ArrayList<>();
    List<Map<String, Object>> local =
        onBoth(
            s -> s.readParquet(input.toString()).sort("text", SortOrder.DESCENDING).limit(10),
            flink);
    assertThat(local).hasSize(10);
    assertThat(flink).isEqualTo(local);
  }

  @Test
  void groupByAggregatesAsLocallyAndAsDuckDb() throws Exception {
    List<Map<String, Object>> flink = new ArrayList<>();
    List<Map<String, Object>> local =
        onBoth(
            s ->
                s.readParquet(grouped.toString())
                    .groupBy("k", "c")
                    .aggregate(
                        Aggregate.count(),
                        Aggregate.count("v"),
                        Aggregate.sum("v"),
                        Aggregate.sum("id"),
                        Aggregate.min("v"),
                        Aggregate.max("v"),
                        Aggregate.mean("v"),
                        Aggregate.min("c"),
                        Aggregate.max("id")),
            flink);
    // Groups come out in no order on either backend; values are multiples of 1/8, so sums are
    // exact whatever order the rows were added in.
    assertThat(flink).containsExactlyInAnyOrderElementsOf(local);
    assertThat(local.stream().mapToLong(r -> (Long) r.get("count()")).sum()).isEqualTo(ROWS);
    // null keys form groups, and a group whose values are all null has null sum/min/max/mean
    assertThat(local).anyMatch(r -> r.get("k") == null && r.get("c") == null);
    assertThat(local)
        .anyMatch(
            r ->
                Long.valueOf(GroupedRows.ALL_NULL_K).equals(r.get("k"))
                    && r.get("sum(v)") == null
                    && r.get("mean(v)") == null
                    && (Long) r.get("count(v)") == 0L);
    // and as DuckDB computes the same GROUP BY over the same files: an independent implementation
    // of SQL's grouping, null-key and all-null rules
    List<List<Object>> duck =
        FlinkBackendTest.duck(
            "SELECT k, c, count(*), count(v), sum(v), CAST(sum(id) AS BIGINT), min(v), max(v),"
                + " avg(v), min(c), max(id) FROM read_parquet('"
                + grouped
                + "/*.parquet') GROUP BY k, c");
    List<List<Object>> ours =
        local.stream()
            .map(
                r ->
                    Arrays.asList(
                        r.get("k"),
                        r.get("c"),
                        r.get("count()"),
                        r.get("count(v)"),
                        r.get("sum(v)"),
                        r.get("sum(id)"),
                        r.get("min(v)"),
                        r.get("max(v)"),
                        r.get("mean(v)"),
                        r.get("min(c)"),
                        r.get("max(id)")))
            .toList();
    assertThat(duck).hasSize(local.size());
    assertThat(ours).containsExactlyInAnyOrderElementsOf(duck);
  }

  @Test
  void uniqueGivesTheLocalValuesWithNullOnce() {
    List<Object> flink;
    try (Sluice s = FlinkSluice.on(remote)) {
      flink = s.readParquet(grouped.toString()).unique("k");
    }
    List<Object> local;
    try (Sluice s = Sluice.local()) {
      local = s.readParquet(grouped.toString()).unique("k");
    }
    assertThat(flink).containsExactlyInAnyOrderElementsOf(local).containsOnlyOnce((Object) null);
  }

  @Test
  void writesAfterAShuffleAndASortPublishEveryRowOnce() throws Exception {
    Path out = dir.resolve("shuffled-sorted");
    WriteResult written;
    try (Sluice s = FlinkSluice.on(remote)) {
      written =
          s.readParquet(input.toString())
              .randomShuffle(7)
              .repartition(2)
              .sort("text")
              .writeParquet(out.toString());
    }
    assertThat(written.rows()).isEqualTo(ROWS);
    List<List<Object>> stats =
        FlinkBackendTest.duck(
            "SELECT count(*), count(DISTINCT id), sum(id)::BIGINT FROM read_parquet('"
                + out
                + "/*.parquet')");
    assertThat(stats)
        .containsExactly(List.of((long) ROWS, (long) ROWS, (long) ROWS * (ROWS - 1) / 2));
  }
}
