package io.sluice.connectors.parquet;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.api.spi.ReadTask;
import io.sluice.api.spi.WriteOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParquetPushdownTest {

  @TempDir Path tmp;

  private static final int COLUMNS = 8;

  /**
   * id plus COLUMNS random (incompressible) doubles, in row groups of about 10 rows... or bigger.
   */
  private String writeWide(RootAllocator allocator, int rows, long rowGroupBytes) throws Exception {
    List<Field> fields = new ArrayList<>();
    fields.add(AllTypes.req("id", new ArrowType.Int(64, true)));
    for (int c = 0; c < COLUMNS; c++) {
      fields.add(AllTypes.f("c" + c, new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE)));
    }
    Schema schema = new Schema(fields);
    Random random = new Random(42);
    String dest = tmp.resolve("wide").toString();
    try (VectorSchemaRoot b = VectorSchemaRoot.create(schema, allocator)) {
      b.allocateNew();
      for (int r = 0; r < rows; r++) {
        ((BigIntVector) b.getVector("id")).setSafe(r, r);
        for (int c = 0; c < COLUMNS; c++) {
          ((Float8Vector) b.getVector("c" + c)).setSafe(r, random.nextDouble());
        }
      }
      b.setRowCount(rows);
      Fixtures.write(
          dest,
          schema,
          WriteOptions.defaults()
              .withProperty("rowGroupBytes", String.valueOf(rowGroupBytes))
              .withProperty("compression", "uncompressed"),
          List.of(b));
    }
    return dest;
  }

  @Test
  void projectionReadsOnlyTheSelectedColumnChunks() throws Exception {
    try (RootAllocator allocator = new RootAllocator()) {
      String dest = writeWide(allocator, 20_000, 1 << 30);
      ParquetReadMetrics full = new ParquetReadMetrics();
      assertThat(Fixtures.readRows(ParquetDatasource.of(dest).withMetrics(full), allocator))
          .hasSize(20_000);

      ParquetReadMetrics one = new ParquetReadMetrics();
      ParquetDatasource projected =
          ParquetDatasource.of(dest).withMetrics(one).withColumns(List.of("c3"));
      assertThat(projected.schema().getFields()).extracting(Field::getName).containsExactly("c3");
      List<List<Object>> rows = Fixtures.readRows(projected, allocator);
      assertThat(rows).hasSize(20_000).allSatisfy(r -> assertThat(r).hasSize(1));

      assertThat(full.bytesRead()).isGreaterThan(COLUMNS * 20_000L * 8);
      assertThat(one.bytesRead()).isLessThan(full.bytesRead() / (COLUMNS - 1));
    }
  }

  @Test
  void projectionKeepsTheRequestedOrderAndValues() throws Exception {
    try (RootAllocator allocator = new RootAllocator()) {
      String dest = writeWide(allocator, 100, 1 << 30);
      List<List<Object>> all = Fixtures.readRows(ParquetDatasource.of(dest), allocator);
      List<List<Object>> picked =
          Fixtures.readRows(ParquetDatasource.of(dest).withColumns(List.of("c5", "id")), allocator);
      for (int i = 0; i < all.size(); i++) {
        assertThat(picked.get(i)).containsExactly(all.get(i).get(6), all.get(i).get(0));
      }
      List<List<Object>> none =
          Fixtures.readRows(ParquetDatasource.of(dest).withColumns(List.of()), allocator);
      assertThat(none).hasSize(100).allSatisfy(r -> assertThat(r).isEmpty());
    }
  }

  @Test
  void limitPlansAndReadsOnlyTheRowGroupsItNeeds() throws Exception {
    try (RootAllocator allocator = new RootAllocator()) {
      String dest = writeWide(allocator, 5_000, 8 << 10);
      ParquetDatasource source = ParquetDatasource.of(dest);
      int allGroups = source.planReadTasks(1000).size();
      assertThat(allGroups).isGreaterThan(10);
      long firstGroupRows = source.planReadTasks(1000).get(0).estimatedRows().getAsLong();

      ParquetReadMetrics metrics = new ParquetReadMetrics();
      long limit = firstGroupRows + 3;
      ParquetDatasource limited = source.withMetrics(metrics).withLimit(limit);
      List<ReadTask> tasks = limited.planReadTasks(1000);
      assertThat(tasks).hasSize(2);
      List<List<Object>> rows = Fixtures.readRows(limited, allocator);
      assertThat(rows).hasSize((int) limit);
      assertThat(rows.get((int) limit - 1).get(0)).isEqualTo(limit - 1);
      assertThat(metrics.rowGroupsRead()).isEqualTo(2);
      assertThat(metrics.rowsRead()).isEqualTo(limit);

      assertThat(source.withLimit(0).planReadTasks(4)).isEmpty();
    }
  }

  @Test
  void projectionAndLimitComposeInEitherOrder() throws Exception {
    try (RootAllocator allocator = new RootAllocator()) {
      String dest = writeWide(allocator, 3_000, 8 << 10);
      ParquetDatasource source = ParquetDatasource.of(dest);
      var a = Fixtures.readRows(source.withColumns(List.of("id", "c1")).withLimit(777), allocator);
      var b = Fixtures.readRows(source.withLimit(777).withColumns(List.of("id", "c1")), allocator);
      var c =
          Fixtures.readRows(
              source.withLimit(1000).withColumns(List.of("id", "c1")).withLimit(777), allocator);
      assertThat(a).hasSize(777).isEqualTo(b).isEqualTo(c);
    }
  }
}
