package io.sluice.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.api.ExecutionOptions;
import io.sluice.api.JobStats;
import io.sluice.api.PlanException;
import io.sluice.api.Sluice;
import io.sluice.connectors.testing.DuckDb;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user's table written by another engine (DuckDB), run through the whole local engine: the demo's
 * {@code id, text} projection over a file with a MAP and an INTERVAL column, a row map over maps,
 * unsigned integers, TIME and UUID with an inferred output schema, and a sort that spills those
 * blocks to disk. DuckDB reads the output back.
 */
class ParquetTypesJobTest {

  @TempDir static Path dir;
  private static DuckDb db;
  private static final int ROWS = 20_000;

  @BeforeAll
  static void write() throws Exception {
    db = DuckDb.inMemory();
    db.execute(
        "COPY (SELECT i::BIGINT AS id, 'text number ' || i AS text,"
            + " CASE WHEN i % 5 = 4 THEN NULL ELSE MAP {'a': i, 'b': -i} END AS m,"
            + " (i % 256)::UTINYINT AS u8, (4294967295 - i)::UINTEGER AS u32, (18446744073709551615 - i)::UBIGINT AS u64,"
            + " TIME '00:00:01' + INTERVAL (i) SECOND AS t,"
            + " ('00000000-0000-4000-8000-' || lpad(to_hex(i), 12, '0'))::UUID AS u,"
            + " INTERVAL (i) DAY AS iv"
            + " FROM range("
            + ROWS
            + ") t(i)) TO '"
            + dir.resolve("in.parquet")
            + "' (FORMAT parquet, ROW_GROUP_SIZE 4096)");
  }

  @AfterAll
  static void close() throws Exception {
    db.close();
  }

  private static ExecutionOptions.Builder opts() {
    return ExecutionOptions.builder().cpuSlots(2).progress(false).spillDir(dir.resolve("spill"));
  }

  @Test
  void theDemoProjectionReadsAFileWithColumnsItCannotOrNeedNotDecode() {
    try (Sluice s = Sluice.local(opts().build())) {
      assertThat(s.readParquet(dir.resolve("in.parquet").toString()).select("id", "text").count())
          .isEqualTo(ROWS);
      assertThatThrownBy(() -> s.readParquet(dir.resolve("in.parquet").toString()).count())
          .isInstanceOf(PlanException.class)
          .hasMessageContaining("column 'iv'")
          .hasMessageContaining("INTERVAL");
    }
  }

  @Test
  void rowMapsSeeTheRightValuesAndTheirOutputRoundTripsThroughDuckDb() throws Exception {
    String out = dir.resolve("mapped").toString();
    try (Sluice s = Sluice.local(opts().build())) {
      s.readParquet(dir.resolve("in.parquet").toString())
          .select("id", "m", "u8", "u32", "u64", "t", "u")
          .map(
              r -> {
                long id = r.getLong("id");
                assertThat(r.getInt("u8")).isEqualTo((int) (id % 256));
                assertThat(r.getLong("u32")).isEqualTo(4294967295L - id);
                assertThat(r.get("u64"))
                    .isEqualTo(
                        new BigInteger("18446744073709551615").subtract(BigInteger.valueOf(id)));
                Map<?, ?> m = (Map<?, ?>) r.get("m");
                return r.with("m_sum", m == null ? null : ((Long) m.get("a")) + ((Long) m.get("b")))
                    .with("u_text", ((UUID) r.get("u")).toString());
              })
          .writeParquet(out);
    }
    List<List<Object>> back =
        duck(
            "SELECT count(*), count(m), sum(m['a']), sum(m_sum), sum(u8), min(u32), max(u64),"
                + " min(t), max(t), count(DISTINCT u), sum(CASE WHEN CAST(u AS VARCHAR) = u_text THEN 1 ELSE 0 END),"
                + " typeof(any_value(m)), typeof(any_value(u)), typeof(any_value(u64)), typeof(any_value(t))"
                + " FROM read_parquet('"
                + out
                + "/*.parquet')");
    List<List<Object>> original =
        duck(
            "SELECT count(*), count(m), sum(m['a']), 0, sum(u8), min(u32), max(u64),"
                + " min(t), max(t), count(DISTINCT u), count(*),"
                + " typeof(any_value(m)), typeof(any_value(u)), typeof(any_value(u64)), typeof(any_value(t))"
                + " FROM read_parquet('"
                + dir.resolve("in.parquet")
                + "')");
    assertThat(back.get(0).toString()).isEqualTo(original.get(0).toString());
  }

  @Test
  void aSpillingSortKeepsMapsUuidsAndUnsignedValues() throws Exception {
    String out = dir.resolve("sorted").toString();
    try (Sluice s =
        Sluice.local(opts().memoryBudgetBytes(1 << 20).targetBlockBytes(64 << 10).build())) {
      JobStats stats =
          s.readParquet(dir.resolve("in.parquet").toString())
              .select("id", "m", "u8", "u64", "t", "u")
              .sort("u64")
              .writeParquet(out)
              .stats();
      assertThat(stats.spilledBytes()).as("the sort spilled").isPositive();
    }
    assertThat(
            duck("SELECT count(*), count(m), sum(m['b']), sum(u8), min(u64), count(DISTINCT u), min(t)"
                    + " FROM read_parquet('"
                    + out
                    + "/*.parquet')")
                .toString())
        .isEqualTo(
            duck("SELECT count(*), count(m), sum(m['b']), sum(u8), min(u64), count(DISTINCT u), min(t)"
                    + " FROM read_parquet('"
                    + dir.resolve("in.parquet")
                    + "')")
                .toString());
    // sorted ascending by the unsigned value: ids come out descending
    List<List<Object>> firstIds =
        duck(
            "SELECT id FROM read_parquet('"
                + out
                + "/*.parquet', file_row_number = true)"
                + " ORDER BY filename, file_row_number LIMIT 3");
    assertThat(firstIds)
        .extracting(r -> ((Number) r.get(0)).longValue())
        .containsExactly(ROWS - 1L, ROWS - 2L, ROWS - 3L);
  }

  private static List<List<Object>> duck(String sql) throws Exception {
    return db.query(sql);
  }
}
