package io.sluice.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.api.Compute;
import io.sluice.api.Dataset;
import io.sluice.api.ExecutionOptions;
import io.sluice.api.OperatorException;
import io.sluice.api.PlanException;
import io.sluice.api.Row;
import io.sluice.api.Sluice;
import io.sluice.api.SluiceException;
import io.sluice.api.spi.WriteOptions;
import io.sluice.api.spi.WriteResult;
import io.sluice.connectors.parquet.ParquetDatasource;
import io.sluice.connectors.parquet.ParquetReadMetrics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Jobs over real Parquet files: round trip, pushdowns seen in bytes and row groups, and bad input.
 */
class ParquetJobTest {

  @TempDir static Path dir;
  static Path input;

  static ExecutionOptions.Builder opts() {
    return ExecutionOptions.builder().cpuSlots(2).progress(false);
  }

  /** 20,000 rows in several files of several row groups: id, text, score. */
  @BeforeAll
  static void writeInput() {
    input = dir.resolve("input");
    try (Sluice s = Sluice.local(opts().targetBlockBytes(64 << 10).build())) {
      s.range(20_000)
          .map(
              r ->
                  Row.of(
                      "id",
                      r.getLong("id"),
                      "text",
                      text(r.getLong("id")),
                      "score",
                      r.getLong("id") * 0.5))
          .writeParquet(
              input.toString(),
              WriteOptions.defaults()
                  .withTargetFileBytes(100 << 10)
                  .withProperty("rowGroupBytes", String.valueOf(32 << 10)));
    }
  }

  /** About 80 characters that compress poorly, so the text column dominates the file. */
  static String text(long id) {
    StringBuilder sb = new StringBuilder("row number ").append(id);
    long h = id;
    for (int i = 0; i < 4; i++) {
      h = h * 0x9E3779B97F4A7C15L + 0x632BE59BD9B4E019L;
      sb.append(' ').append(Long.toHexString(h));
    }
    return sb.toString();
  }

  static List<String> files(Path p) throws IOException {
    if (!Files.exists(p)) {
      return List.of();
    }
    try (Stream<Path> s = Files.walk(p)) {
      return s.filter(Files::isRegularFile).map(x -> p.relativize(x).toString()).sorted().toList();
    }
  }

  @Test
  void roundTripKeepsEveryRowInOrder() throws IOException {
    assertThat(files(input)).contains("_SUCCESS");
    assertThat(files(input).stream().filter(f -> f.endsWith(".parquet"))).hasSizeGreaterThan(1);
    try (Sluice s = Sluice.local(opts().build())) {
      List<Row> rows = s.readParquet(input.toString()).takeAll();
      assertThat(rows).hasSize(20_000);
      for (int i = 0; i < rows.size(); i += 997) {
        assertThat(rows.get(i))
            .isEqualTo(Row.of("id", (long) i, "text", text(i), "score", i * 0.5));
      }
      Path out = dir.resolve("copy");
      WriteResult w =
          s.readParquet(input.toString())
              .filter(r -> r.getLong("id") % 2 == 0)
              .writeParquet(out.toString());
      assertThat(w.rows()).isEqualTo(10_000);
      assertThat(s.readParquet(out.toString()).count()).isEqualTo(10_000);
    }
  }

  @Test
  void selectIsPushedIntoTheReadAndDecodesFewerBytes() {
    try (Sluice s = Sluice.local(opts().build())) {
      ParquetReadMetrics all = new ParquetReadMetrics();
      ParquetReadMetrics one = new ParquetReadMetrics();
      assertThat(s.read(ParquetDatasource.of(input.toString()).withMetrics(all)).count())
          .isEqualTo(20_000);
      Dataset projected =
          s.read(ParquetDatasource.of(input.toString()).withMetrics(one)).select("id");
      assertThat(projected.explain()).doesNotContain("Select");
      assertThat(projected.count()).isEqualTo(20_000);
      assertThat(one.bytesRead()).isLessThan(all.bytesRead() / 2);
    }
  }

  @Test
  void limitStopsReadingRowGroupsEarly() {
    try (Sluice s = Sluice.local(opts().build())) {
      ParquetReadMetrics m = new ParquetReadMetrics();
      ParquetReadMetrics full = new ParquetReadMetrics();
      s.read(ParquetDatasource.of(input.toString()).withMetrics(full)).count();
      List<Row> rows =
          s.read(ParquetDatasource.of(input.toString()).withMetrics(m)).limit(10).takeAll();
      assertThat(rows)
          .extracting(r -> r.getLong("id"))
          .containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
      assertThat(m.rowGroupsRead()).isLessThanOrEqualTo(2).isLessThan(full.rowGroupsRead());
    }
  }

  @Test
  void missingPathIsNamed() {
    Path out = dir.resolve("out-missing");
    try (Sluice s = Sluice.local(opts().build())) {
      String missing = dir.resolve("no-such-dir").toString();
      assertThatThrownBy(() -> s.readParquet(missing).writeParquet(out.toString()))
          .isInstanceOf(PlanException.class)
          .hasMessageContaining(missing);
    }
    assertThat(out).doesNotExist();
  }

  @Test
  void fileThatIsNotParquetIsNamed() throws IOException {
    Path bad = dir.resolve("bad");
    Files.createDirectories(bad);
    Files.writeString(bad.resolve("notes.parquet"), "this is not a parquet file at all");
    Path out = dir.resolve("out-bad");
    try (Sluice s = Sluice.local(opts().build())) {
      assertThatThrownBy(() -> s.readParquet(bad.toString()).writeParquet(out.toString()))
          .isInstanceOf(SluiceException.class)
          .hasMessageContaining("notes.parquet");
    }
    assertThat(files(out)).isEmpty();
  }

  @Test
  void missingColumnIsNamedWithTheAvailableOnes() {
    try (Sluice s = Sluice.local(opts().build())) {
      assertThatThrownBy(() -> s.readParquet(input.toString()).select("id", "nope").count())
          .isInstanceOf(PlanException.class)
          .hasMessageContaining("nope")
          .hasMessageContaining("text");
    }
  }

  @Test
  void failingUdfLeavesNothingThatLooksComplete() throws IOException {
    Path out = dir.resolve("out-udf");
    try (Sluice s = Sluice.local(opts().maxTaskRetries(1).build())) {
      Dataset ds =
          s.readParquet(input.toString())
              .map(
                  r -> {
                    if (r.getLong("id") == 15_000) {
                      throw new IllegalStateException("cannot handle row");
                    }
                    return r;
                  },
                  Compute.tasks());
      assertThatThrownBy(() -> ds.writeParquet(out.toString()))
          .isInstanceOf(OperatorException.class)
          .hasMessageContaining("Map")
          .hasMessageContaining("id=15000");
    }
    assertThat(files(out)).isEmpty();
    try (Stream<Path> siblings = Files.list(dir)) {
      assertThat(siblings.map(p -> p.getFileName().toString()))
          .noneMatch(n -> n.contains("out-udf") && n.startsWith("."));
    }
  }

  @Test
  void batchWithWrongSchemaFailsBeforeCommit() throws IOException {
    Path out = dir.resolve("out-schema");
    Schema declared =
        new Schema(List.of(new Field("id", FieldType.nullable(new ArrowType.Utf8()), null)));
    try (Sluice s = Sluice.local(opts().build())) {
      Dataset ds =
          s.readParquet(input.toString())
              .select("id")
              .mapBatches((b, a) -> b, Compute.tasks(), declared);
      assertThatThrownBy(() -> ds.writeParquet(out.toString()))
          .isInstanceOf(OperatorException.class)
          .hasMessageContaining("schema");
    }
    assertThat(files(out)).isEmpty();
  }

  @Test
  void emptyDirectoryAndZeroRowFilesCompleteWithZeroRows() throws IOException {
    Path empty = dir.resolve("empty-input");
    Files.createDirectories(empty);
    Path zeroRows = dir.resolve("zero-rows");
    try (Sluice s = Sluice.local(opts().build())) {
      assertThat(s.readParquet(empty.toString()).select("id", "text").map(r -> r).count()).isZero();
      WriteResult w =
          s.readParquet(empty.toString())
              .select("id", "text")
              .writeParquet(dir.resolve("out-empty").toString());
      assertThat(w.rows()).isZero();
      assertThat(dir.resolve("out-empty").resolve("_SUCCESS")).exists();
      s.readParquet(input.toString()).filter(r -> false).writeParquet(zeroRows.toString());
      assertThat(s.readParquet(zeroRows.toString()).count()).isZero();
      assertThat(s.readParquet(zeroRows.toString()).schema().getFields())
          .extracting(Field::getName)
          .containsExactly("id", "text", "score");
    }
  }

  @Test
  void existingDestinationIsRefusedBeforeRunning() {
    try (Sluice s = Sluice.local(opts().build())) {
      assertThatThrownBy(() -> s.range(10).writeParquet(input.toString()))
          .isInstanceOf(SluiceException.class)
          .hasMessageContaining(input.getFileName().toString());
      assertThat(s.readParquet(input.toString()).count()).isEqualTo(20_000);
    }
  }

  @Test
  void writingOntoAnExistingOutputFailsWithoutLeakingTheFirstBlock() throws Exception {
    Path out = Files.createDirectories(dir.resolve("taken"));
    Files.writeString(out.resolve("someone-else.txt"), "here first");
    try (Sluice s = Sluice.local(opts().build())) {
      // the output schema is known only from the first block, so the write job is created then
      assertThatThrownBy(
              () ->
                  s.range(1000)
                      .map(r -> Row.of("id", r.getLong("id")))
                      .writeParquet(out.toString()))
          .isInstanceOf(PlanException.class)
          .hasMessageContaining("already exists")
          .satisfies(e -> assertThat(e.getSuppressed()).as("leaks reported on close").isEmpty());
    }
  }
}
