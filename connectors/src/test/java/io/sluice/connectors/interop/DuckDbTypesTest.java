package io.sluice.connectors.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.api.PlanException;
import io.sluice.api.Row;
import io.sluice.api.Sluice;
import io.sluice.api.row.SchemaInference;
import io.sluice.api.spi.Datasource;
import io.sluice.api.spi.SupportsProjection;
import io.sluice.api.spi.WriteOptions;
import io.sluice.connectors.testing.DuckDb;
import io.sluice.connectors.testing.LocalJob;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Parquet types people's tables hold beyond the common ones, written by DuckDB (an independent
 * writer and reader): MAP, unsigned integers at their extremes, TIME, UUID, ENUM, JSON, wide
 * decimals and every compression codec DuckDB writes. Sluice must read DuckDB's values exactly
 * (through {@link Row}, as users see them), and DuckDB must read Sluice's rewrite back with the
 * same values and the same logical types.
 */
class DuckDbTypesTest {

  @TempDir static Path dir;
  private static DuckDb db;
  private static BufferAllocator allocator;
  private static final ObjectMapper JSON = new ObjectMapper();

  /** 3000 rows; every column has nulls, the extremes sit in the first rows. */
  private static final String TABLE =
      """
      SELECT i::BIGINT AS id, 'text ' || i AS text,
        CASE WHEN i % 10 = 9 THEN NULL WHEN i % 10 = 8 THEN MAP {}::MAP(VARCHAR, BIGINT)
             WHEN i % 10 = 7 THEN MAP {'z': NULL::BIGINT, 'a': i}
             ELSE MAP {'k' || i: i * 3, 'b': -i, 'a': NULL::BIGINT} END AS m,
        CASE WHEN i % 13 = 12 THEN NULL ELSE [0, 255, 127, 128][1 + i % 4]::UTINYINT END AS u8,
        CASE WHEN i % 13 = 11 THEN NULL ELSE [0, 65535, 32767, 32768][1 + i % 4]::USMALLINT END AS u16,
        CASE WHEN i % 13 = 10 THEN NULL ELSE [0, 4294967295, 2147483647, 2147483648][1 + i % 4]::UINTEGER END AS u32,
        CASE WHEN i % 13 = 9 THEN NULL ELSE
          [0::UBIGINT, 18446744073709551615::UBIGINT, 9223372036854775807::UBIGINT, 9223372036854775808::UBIGINT,
           (i * 1000003)::UBIGINT][1 + i % 5] END AS u64,
        CASE WHEN i % 17 = 16 THEN NULL ELSE TIME '00:00:00' + INTERVAL (i * 28793.000017) SECOND END AS t,
        CASE WHEN i % 19 = 18 THEN NULL ELSE
          ('0000' || lpad(to_hex(i), 4, '0') || '-1234-4abc-8def-' || lpad(to_hex(i * 7919), 12, 'f'))::UUID END AS u,
        CASE WHEN i % 23 = 22 THEN NULL ELSE ['red', 'green', 'blue'][1 + i % 3] END::ENUM('red', 'green', 'blue') AS e,
        CASE WHEN i % 29 = 28 THEN NULL ELSE ('{"id": ' || i || ', "tags": ["x", "y"]}')::JSON END AS j,
        CASE WHEN i % 31 = 30 THEN NULL ELSE (i * 123456789.0123456789 - 99999999999.5)::DECIMAL(38, 10) END AS d38,
        CASE WHEN i % 37 = 36 THEN NULL ELSE (i * 7.125 - 5000)::DECIMAL(25, 3) END AS d25
      FROM range(3000) t(i)""";

  private static final String COLUMNS = "id, text, m, u8, u16, u32, u64, t, u, e, j, d38, d25";

  @BeforeAll
  static void start() throws Exception {
    db = DuckDb.inMemory();
    allocator = new RootAllocator();
    db.execute("CREATE TABLE t AS " + TABLE);
    db.execute("COPY t TO '" + file("t") + "' (FORMAT parquet, ROW_GROUP_SIZE 1000)");
  }

  @AfterAll
  static void stop() throws Exception {
    db.close();
    allocator.close();
  }

  private static String file(String name) {
    return dir.resolve(name + ".parquet").toString();
  }

  @Test
  void aMapColumnNobodySelectedDoesNotStopTheRead() throws Exception {
    // the file: id, text and a MAP(VARCHAR, BIGINT); also an INTERVAL column nothing reads
    db.execute(
        "COPY (SELECT id, text, m, INTERVAL (id) DAY AS iv FROM t) TO '"
            + file("with-interval")
            + "' (FORMAT parquet)");
    Datasource all = Sluice.format("parquet").source(List.of(file("with-interval")), Map.of());
    Datasource idText = ((SupportsProjection) all).withColumns(List.of("id", "text"));
    List<Row> rows = LocalJob.readRows(idText, allocator);
    assertThat(rows).hasSize(3000);
    assertThat(rows.get(5).names()).containsExactly("id", "text");
    Datasource withMap = ((SupportsProjection) all).withColumns(List.of("id", "m"));
    assertThat(LocalJob.readRows(withMap, allocator)).hasSize(3000);
    // selecting the column the reader cannot decode fails, naming file, column and type
    assertThatThrownBy(() -> LocalJob.readRows(all, allocator))
        .isInstanceOf(PlanException.class)
        .hasMessageContaining(file("with-interval"))
        .hasMessageContaining("column 'iv'")
        .hasMessageContaining("INTERVAL")
        .hasMessageContaining("[id, text, m]");
  }

  @Test
  void sluiceReadsEveryValueAsDuckDbDoes() throws Exception {
    List<Row> rows = sorted(LocalJob.readRows(source(file("t")), allocator));
    List<List<Object>> expected = duck(expectedQuery("read_parquet('" + file("t") + "')"));
    assertThat(rows).hasSize(expected.size());
    for (int i = 0; i < rows.size(); i++) {
      assertThat(actual(rows.get(i)))
          .as("row id " + expected.get(i).get(0))
          .isEqualTo(strings(expected.get(i)));
    }
    // the extremes, as the numbers they are, and the accessors users call
    Row r1 = rows.get(1);
    assertThat(r1.get("u8")).isEqualTo(255);
    assertThat(r1.get("u16")).isEqualTo(65535);
    assertThat(r1.get("u32")).isEqualTo(4294967295L);
    assertThat(r1.get("u64")).isEqualTo(new BigInteger("18446744073709551615"));
    assertThat(rows.get(3).getInt("u8")).isEqualTo(128);
    assertThat(rows.get(3).getLong("u16")).isEqualTo(32768L);
    assertThat(rows.get(3).getLong("u32")).isEqualTo(2147483648L);
    assertThat(rows.get(3).get("u64")).isEqualTo(new BigInteger("9223372036854775808"));
    assertThat(rows.get(1).get("t")).isInstanceOf(LocalTime.class);
    assertThat(rows.get(1).get("u")).isInstanceOf(UUID.class);
    // maps keep entry order, null values and the difference between empty and null
    assertThat(rows.get(0).get("m")).isInstanceOf(Map.class);
    assertThat(((Map<?, ?>) rows.get(0).get("m")).keySet().stream().map(Object::toString))
        .containsExactly("k0", "b", "a");
    Map<?, ?> m7 = (Map<?, ?>) rows.get(7).get("m");
    assertThat(m7.containsKey("z") && m7.get("z") == null && Long.valueOf(7).equals(m7.get("a")))
        .as(m7.toString())
        .isTrue();
    assertThat((Map<?, ?>) rows.get(8).get("m")).isEmpty();
    assertThat(rows.get(9).get("m")).isNull();
    // flat columns only: the column-at-a-time decode path, which must agree with the record path
    List<String> flat = List.of("id", "text", "u8", "u16", "u32", "u64", "t", "e", "j");
    List<Row> columnar =
        sorted(
            LocalJob.readRows(
                ((SupportsProjection) source(file("t"))).withColumns(flat), allocator));
    assertThat(columnar).hasSize(rows.size());
    for (int i = 0; i < rows.size(); i++) {
      for (String c : flat) {
        assertThat(columnar.get(i).get(c))
            .as("row " + i + " column " + c)
            .isEqualTo(rows.get(i).get(c));
      }
    }
  }

  @Test
  void duckDbReadsSluicesRewriteWithTheSameValuesAndLogicalTypes() throws Exception {
    Datasource src = source(file("t"));
    String out = dir.resolve("rewrite").toString();
    LocalJob.run(
        src,
        r -> r,
        src.schema(),
        Sluice.format("parquet")
            .sink(out, WriteOptions.defaults().withProperty("rowGroupBytes", "65536")),
        allocator,
        "types");
    String sluice = "read_parquet('" + out + "/*.parquet')";
    assertThat(duck(expectedQuery(sluice)))
        .isEqualTo(duck(expectedQuery("read_parquet('" + file("t") + "')")));
    List<List<Object>> types =
        duck(
            "SELECT typeof(m), typeof(u8), typeof(u16), typeof(u32), typeof(u64), typeof(t),"
                + " typeof(u), typeof(d38), typeof(d25) FROM "
                + sluice
                + " LIMIT 1");
    assertThat(types.get(0))
        .containsExactly(
            "MAP(VARCHAR, BIGINT)",
            "UTINYINT",
            "USMALLINT",
            "UINTEGER",
            "UBIGINT",
            "TIME",
            "UUID",
            "DECIMAL(38,10)",
            "DECIMAL(25,3)");
  }

  @Test
  void rowValuesWriteBackThroughSchemaInferenceUnchanged() throws Exception {
    // a row map with no declared schema: the inferred types must hold every value read
    Datasource src = source(file("t"));
    List<Row> rows = sorted(LocalJob.readRows(src, allocator));
    Schema inferred = SchemaInference.infer(rows);
    String out = dir.resolve("inferred").toString();
    LocalJob.run(
        src,
        r -> r,
        inferred,
        Sluice.format("parquet").sink(out, WriteOptions.defaults()),
        allocator,
        "inferred");
    List<Row> back = sorted(LocalJob.readRows(source(out), allocator));
    assertThat(back).hasSameSizeAs(rows);
    for (int i = 0; i < rows.size(); i++) {
      assertThat(actual(back.get(i))).as("row " + i).isEqualTo(actual(rows.get(i)));
    }
  }

  @Test
  void everyCompressionCodecDuckDbWritesReads() throws Exception {
    List<List<Object>> expected = duck(expectedQuery("t"));
    for (String codec : List.of("uncompressed", "snappy", "gzip", "zstd", "lz4", "brotli")) {
      db.execute(
          "COPY t TO '"
              + file(codec)
              + "' (FORMAT parquet, COMPRESSION "
              + codec
              + ", ROW_GROUP_SIZE 1000)");
      assertThat(duck("SELECT DISTINCT compression FROM parquet_metadata('" + file(codec) + "')"))
          .as(codec)
          .containsExactly(List.of(codec.equals("lz4") ? "LZ4_RAW" : codec.toUpperCase()));
      List<Row> rows = sorted(LocalJob.readRows(source(file(codec)), allocator));
      assertThat(rows).as(codec).hasSize(expected.size());
      for (int i = 0; i < rows.size(); i++) {
        assertThat(actual(rows.get(i))).as(codec + " row " + i).isEqualTo(strings(expected.get(i)));
      }
    }
  }

  private static Datasource source(String path) {
    return Sluice.format("parquet").source(List.of(path), Map.of());
  }

  private static List<Row> sorted(List<Row> rows) {
    List<Row> out = new ArrayList<>(rows);
    out.sort(Comparator.comparing(r -> (Long) r.get("id")));
    return out;
  }

  /**
   * DuckDB's rendering of every column; Sluice's values are rendered the same way by {@link
   * #actual}.
   */
  private static String expectedQuery(String from) {
    return "SELECT id, text, CAST(to_json(m) AS VARCHAR), CAST(u8 AS VARCHAR), CAST(u16 AS VARCHAR),"
        + " CAST(u32 AS VARCHAR), CAST(u64 AS VARCHAR),"
        + " CAST(hour(t) * 3600000000 + minute(t) * 60000000 + microsecond(t) AS VARCHAR), CAST(u AS VARCHAR),"
        + " CAST(e AS VARCHAR), CAST(j AS VARCHAR), CAST(d38 AS VARCHAR), CAST(d25 AS VARCHAR)"
        + " FROM "
        + from
        + " ORDER BY id";
  }

  private static List<Object> actual(Row r) throws Exception {
    List<Object> out = new ArrayList<>();
    out.add(r.get("id"));
    out.add(Objects.toString(r.get("text"), "<null>"));
    out.add(r.get("m") == null ? "<null>" : JSON.writeValueAsString(r.get("m")));
    for (String c : List.of("u8", "u16", "u32", "u64")) {
      Object v = r.get(c);
      assertThat(v == null || v instanceof Integer || v instanceof Long || v instanceof BigInteger)
          .as(c)
          .isTrue();
      out.add(Objects.toString(v, "<null>"));
    }
    out.add(
        r.get("t") == null
            ? "<null>"
            : Long.toString(((LocalTime) r.get("t")).toNanoOfDay() / 1000));
    out.add(Objects.toString(r.get("u"), "<null>"));
    out.add(Objects.toString(r.get("e"), "<null>"));
    out.add(Objects.toString(r.get("j"), "<null>"));
    out.add(r.get("d38") == null ? "<null>" : ((BigDecimal) r.get("d38")).toPlainString());
    out.add(r.get("d25") == null ? "<null>" : ((BigDecimal) r.get("d25")).toPlainString());
    return out;
  }

  private static List<Object> strings(List<Object> duck) {
    List<Object> out = new ArrayList<>();
    out.add(duck.get(0));
    for (Object v : duck.subList(1, duck.size())) {
      out.add(Objects.toString(v, "<null>"));
    }
    return out;
  }

  private static List<List<Object>> duck(String sql) throws Exception {
    return db.query(sql);
  }
}
