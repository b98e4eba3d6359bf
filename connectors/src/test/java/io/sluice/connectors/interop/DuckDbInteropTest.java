package io.sluice.connectors.interop;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.api.Row;
import io.sluice.api.Sluice;
import io.sluice.api.spi.Datasource;
import io.sluice.api.spi.WriteOptions;
import io.sluice.connectors.testing.DuckDb;
import io.sluice.connectors.testing.LocalJob;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Differential tests against DuckDB, an independent reader and writer: DuckDB writes Parquet and
 * CSV with tricky content, Sluice must read the same values; DuckDB reads Sluice's Parquet back
 * with the same aggregates.
 */
class DuckDbInteropTest {

  @TempDir static Path dir;
  private static DuckDb db;
  private static BufferAllocator allocator;
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * 5000 rows: nulls in every column, unicode, decimals, timestamps, lists, structs, a
   * low-cardinality column.
   */
  private static final String TABLE =
      """
      SELECT i::BIGINT AS id,
        CASE WHEN i % 11 = 0 THEN NULL WHEN i % 5 = 0 THEN '' ELSE
          ['héllo', '日本語', '🚀 rocket', 'a,b', 'say "hi"', 'tab\tend'][1 + i % 6] || ' ' || i END AS s,
        CASE WHEN i % 13 = 0 THEN NULL ELSE (i * 1234.567 - 3000000)::DECIMAL(18,3) END AS d,
        CASE WHEN i % 17 = 0 THEN NULL ELSE i / 7.0 END::DOUBLE AS dbl,
        CASE WHEN i % 19 = 0 THEN NULL ELSE TIMESTAMP '2024-02-28 23:59:59.123456' + INTERVAL (i * 3607) SECOND END AS ts,
        CASE WHEN i % 23 = 0 THEN NULL ELSE TIMESTAMPTZ '1969-12-31 23:00:00+00' + INTERVAL (i * 86399) SECOND END AS tstz,
        CASE WHEN i % 29 = 0 THEN NULL ELSE DATE '1900-01-01' + (i * 17)::INTEGER END AS dt,
        CASE WHEN i % 31 = 0 THEN NULL WHEN i % 3 = 0 THEN []::INTEGER[] ELSE [i, NULL, -i]::INTEGER[] END AS lst,
        CASE WHEN i % 37 = 0 THEN NULL ELSE {'a': i::INTEGER, 'b': CASE WHEN i % 2 = 0 THEN NULL ELSE 'x' || i END} END AS st,
        ['red', 'green', 'blue', NULL][1 + i % 4] AS dict,
        CASE WHEN i % 41 = 0 THEN NULL ELSE ('\\x' || lpad(to_hex(i % 256), 2, '0'))::BLOB END AS b
      FROM range(5000) t(i)""";

  @BeforeAll
  static void start() throws Exception {
    db = DuckDb.inMemory();
    allocator = new RootAllocator();
    db.execute("CREATE TABLE t AS " + TABLE);
    db.execute(
        "COPY t TO '" + dir.resolve("t.parquet") + "' (FORMAT parquet, ROW_GROUP_SIZE 1000)");
    db.execute(
        "COPY (SELECT id, s, d, dbl, ts, dt, dict FROM t) TO '"
            + dir.resolve("t.csv")
            + "' (HEADER, DELIMITER ',')");
  }

  @AfterAll
  static void stop() throws Exception {
    db.close();
    allocator.close();
  }

  private static List<List<Object>> duck(String sql) throws Exception {
    return db.query(sql);
  }

  @Test
  void sluiceReadsDuckDbParquetExactly() throws Exception {
    assertThat(
            duck(
                "SELECT count(*) FROM parquet_metadata('"
                    + dir.resolve("t.parquet")
                    + "') WHERE column_id = 0"))
        .first()
        .satisfies(
            r ->
                assertThat(((Number) r.get(0)).longValue())
                    .isGreaterThanOrEqualTo(3)); // DuckDB rounds row groups up to 2048 rows
    List<List<Object>> expected =
        duck(
            "SELECT id, s, d, dbl, epoch_us(ts), epoch_us(tstz), CAST(dt AS VARCHAR),"
                + " CAST(to_json(lst) AS VARCHAR), CAST(to_json(st) AS VARCHAR), dict, hex(b) FROM read_parquet('"
                + dir.resolve("t.parquet")
                + "') ORDER BY id");
    List<Row> rows =
        new ArrayList<>(
            LocalJob.readRows(
                Sluice.format("parquet")
                    .source(List.of(dir.resolve("t.parquet").toString()), Map.of()),
                allocator));
    rows.sort(Comparator.comparing(r -> (Long) r.get("id")));
    assertThat(rows).hasSize(expected.size());
    for (int i = 0; i < rows.size(); i++) {
      Row r = rows.get(i);
      List<Object> actual =
          List.of(
              r.get("id"),
              Objects.toString(r.get("s"), "<null>"),
              big(r.get("d")),
              Objects.toString(r.get("dbl"), "<null>"),
              micros(r.get("ts")),
              micros(r.get("tstz")),
              Objects.toString(r.get("dt"), "<null>"),
              json(r.get("lst")),
              json(r.get("st")),
              Objects.toString(r.get("dict"), "<null>"),
              hex(r.get("b")));
      List<Object> e = expected.get(i);
      List<Object> want =
          List.of(
              e.get(0),
              Objects.toString(e.get(1), "<null>"),
              big(e.get(2)),
              Objects.toString(e.get(3), "<null>"),
              Objects.toString(e.get(4), "<null>"),
              Objects.toString(e.get(5), "<null>"),
              Objects.toString(e.get(6), "<null>"),
              Objects.toString(e.get(7), "<null>"),
              Objects.toString(e.get(8), "<null>"),
              Objects.toString(e.get(9), "<null>"),
              Objects.toString(e.get(10), "<null>"));
      assertThat(actual).as("row id " + e.get(0)).isEqualTo(want);
    }
  }

  @Test
  void sluiceReadsDuckDbCsvExactly() throws Exception {
    List<List<Object>> expected =
        duck("SELECT id, s, d, dbl, epoch_us(ts), CAST(dt AS VARCHAR), dict FROM t ORDER BY id");
    Datasource src =
        Sluice.format("csv")
            .source(
                List.of(dir.resolve("t.csv").toString()),
                Map.of(
                    "multiLine",
                    "true",
                    "schema",
                    "id bigint, s string, d decimal(18,3), dbl double, ts timestamp, dt date, dict string"));
    List<Row> rows = LocalJob.readRows(src, allocator);
    assertThat(rows).hasSize(expected.size());
    for (int i = 0; i < rows.size(); i++) {
      Row r = rows.get(i);
      List<Object> e = expected.get(i);
      assertThat(
              List.of(
                  r.get("id"),
                  Objects.toString(r.get("s"), "<null>"),
                  big(r.get("d")),
                  Objects.toString(r.get("dbl"), "<null>"),
                  micros(r.get("ts")),
                  Objects.toString(r.get("dt"), "<null>"),
                  Objects.toString(r.get("dict"), "<null>")))
          .as("csv row id " + e.get(0))
          .isEqualTo(
              List.of(
                  e.get(0),
                  Objects.toString(e.get(1), "<null>"),
                  big(e.get(2)),
                  Objects.toString(e.get(3), "<null>"),
                  Objects.toString(e.get(4), "<null>"),
                  Objects.toString(e.get(5), "<null>"),
                  Objects.toString(e.get(6), "<null>")));
    }
    // inference on the same file: numbers, dates and timestamps are recognised
    Datasource inferred =
        Sluice.format("csv")
            .source(List.of(dir.resolve("t.csv").toString()), Map.of("multiLine", "true"));
    assertThat(inferred.schema().getFields())
        .extracting(f -> f.getType().toString())
        .containsExactly(
            "Int(64, true)",
            "Utf8",
            "FloatingPoint(DOUBLE)",
            "FloatingPoint(DOUBLE)",
            "Timestamp(MICROSECOND, null)",
            "Date(DAY)",
            "Utf8");
  }

  @Test
  void duckDbReadsSluiceParquetWithEqualAggregates() throws Exception {
    Datasource src =
        Sluice.format("parquet").source(List.of(dir.resolve("t.parquet").toString()), Map.of());
    String out = dir.resolve("sluice-out").toString();
    LocalJob.run(
        src,
        r -> r,
        src.schema(),
        Sluice.format("parquet")
            .sink(out, WriteOptions.defaults().withProperty("rowGroupBytes", "65536")),
        allocator,
        "interop");
    String agg =
        "SELECT count(*), count(s), sum(id), sum(d), min(d), max(d), round(sum(dbl), 6), min(ts), max(ts),"
            + " min(tstz), max(tstz), min(dt), max(dt), count(DISTINCT dict), count(DISTINCT s), sum(len(lst)),"
            + " sum(st.a), count(st.b), count(b), CAST(sum(hash(b)) AS VARCHAR) FROM ";
    List<List<Object>> original = duck(agg + "read_parquet('" + dir.resolve("t.parquet") + "')");
    List<List<Object>> sluice = duck(agg + "read_parquet('" + out + "/*.parquet')");
    System.out.println("DuckDB aggregates of Sluice's Parquet: " + sluice.get(0));
    assertThat(sluice).isEqualTo(original);
  }

  private static String big(Object v) {
    return v == null ? "<null>" : ((BigDecimal) v).toPlainString();
  }

  private static String micros(Object v) {
    if (v == null) {
      return "<null>";
    }
    Instant i = v instanceof LocalDateTime l ? l.toInstant(ZoneOffset.UTC) : (Instant) v;
    return Long.toString(ChronoUnit.MICROS.between(Instant.EPOCH, i));
  }

  private static String hex(Object v) {
    return v == null ? "<null>" : HexFormat.of().withUpperCase().formatHex((byte[]) v);
  }

  private static String json(Object v) throws Exception {
    return v == null ? "<null>" : JSON.writeValueAsString(plain(v));
  }

  private static Object plain(Object v) {
    if (v instanceof Row r) {
      Map<String, Object> m = new LinkedHashMap<>();
      for (int i = 0; i < r.size(); i++) {
        m.put(r.name(i), plain(r.get(i)));
      }
      return m;
    }
    if (v instanceof List<?> l) {
      return l.stream().map(DuckDbInteropTest::plain).toList();
    }
    return v;
  }
}
