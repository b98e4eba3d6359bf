package io.sluice.connectors.parquet;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.api.Sluice;
import io.sluice.api.arrow.Batches;
import io.sluice.api.spi.ReadTask;
import io.sluice.api.spi.WriteOptions;
import io.sluice.api.spi.WriteResult;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType.FixedSizeList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParquetRoundTripTest {

  @TempDir Path tmp;

  @Test
  void everyTypeRoundTripsWithNullsAcrossRowGroupsAndFiles() throws Exception {
    try (RootAllocator allocator = new RootAllocator()) {
      String dest = tmp.resolve("out").toString();
      WriteOptions options =
          WriteOptions.defaults()
              .withTargetFileBytes(64 << 10)
              .withProperty("rowGroupBytes", String.valueOf(16 << 10));
      WriteResult result = Fixtures.writeAllTypes(allocator, dest, options, 2, 3, 700);
      assertThat(result.rows()).isEqualTo(4200);
      assertThat(result.files()).hasSizeGreaterThan(2);

      ParquetReadMetrics metrics = new ParquetReadMetrics();
      ParquetDatasource source = ParquetDatasource.of(dest).withMetrics(metrics);
      assertThat(Batches.sameFields(source.schema(), AllTypes.SCHEMA))
          .as(source.schema().toString())
          .isTrue();
      List<ReadTask> tasks = source.planReadTasks(1000);
      assertThat(tasks.size()).isGreaterThan(result.files().size()); // several row groups per file

      List<List<Object>> rows = Fixtures.readRows(source, allocator);
      assertThat(rows).hasSize(4200);
      List<List<Object>> expected = Fixtures.expectedAllTypes(allocator, 0, 4200);
      for (int i = 0; i < expected.size(); i++) {
        assertThat(rows.get(i)).as("row " + i).isEqualTo(expected.get(i));
      }
      assertThat(metrics.rowGroupsRead()).isEqualTo(tasks.size());
      assertThat(metrics.rowsRead()).isEqualTo(4200);
    }
  }

  @Test
  void largeBatchesGrowEveryVectorCorrectly() throws Exception {
    try (RootAllocator allocator = new RootAllocator()) {
      String dest = tmp.resolve("big").toString();
      Fixtures.writeAllTypes(allocator, dest, WriteOptions.defaults(), 1, 1, 9_000);
      List<VectorSchemaRoot> batches =
          Fixtures.readAll(ParquetDatasource.of(dest), allocator, 1L << 30);
      try {
        assertThat(batches).hasSize(1);
        assertThat(Values.rows(batches)).isEqualTo(Fixtures.expectedAllTypes(allocator, 0, 9_000));
      } finally {
        batches.forEach(VectorSchemaRoot::close);
      }
    }
  }

  @Test
  void readsAsOneSchemaWithTimeZoneAndFixedSizeListFromFooterMetadata() throws Exception {
    try (RootAllocator allocator = new RootAllocator()) {
      String dest = tmp.resolve("out").toString();
      Fixtures.writeAllTypes(allocator, dest, WriteOptions.defaults(), 1, 1, 10);
      var schema = ParquetDatasource.of(dest).schema();
      assertThat(schema.findField("emb").getType()).isEqualTo(new FixedSizeList(4));
      assertThat(schema.findField("ts_ms_utc").getType().toString()).contains("UTC");
      assertThat(schema.findField("ts_us").getType().toString()).doesNotContain("UTC");
    }
  }

  @Test
  void batchesStayNearTheTargetSizeWithinOneHugeRowGroup() throws Exception {
    try (RootAllocator allocator = new RootAllocator()) {
      String dest = tmp.resolve("out").toString();
      Fixtures.writeAllTypes(allocator, dest, WriteOptions.defaults(), 1, 1, 3000);
      ParquetDatasource source = ParquetDatasource.of(dest);
      assertThat(source.planReadTasks(1)).hasSize(1);
      long target = 32 << 10;
      List<VectorSchemaRoot> batches = Fixtures.readAll(source, allocator, target);
      try {
        assertThat(batches.size()).isGreaterThan(5);
        long maxRowBytes = 2_000;
        for (VectorSchemaRoot b : batches) {
          assertThat(Batches.bytes(b))
              .isLessThan(4 * (target + maxRowBytes)); // buffers grow by doubling
        }
        assertThat(batches.stream().mapToInt(VectorSchemaRoot::getRowCount).sum()).isEqualTo(3000);
      } finally {
        batches.forEach(VectorSchemaRoot::close);
      }

      ParquetDatasource capped =
          ParquetDatasource.create(List.of(dest), Map.of("maxBatchRows", "100"));
      List<VectorSchemaRoot> small = Fixtures.readAll(capped, allocator, 1L << 30);
      try {
        assertThat(small).hasSize(30).allSatisfy(b -> assertThat(b.getRowCount()).isEqualTo(100));
      } finally {
        small.forEach(VectorSchemaRoot::close);
      }
    }
  }

  @Test
  void tinyRowGroupsShareTasksWhenParallelismAllows() throws Exception {
    try (RootAllocator allocator = new RootAllocator()) {
      String dest = tmp.resolve("out").toString();
      WriteOptions options =
          WriteOptions.defaults().withProperty("rowGroupBytes", String.valueOf(8 << 10));
      Fixtures.writeAllTypes(allocator, dest, options, 1, 2, 1000);
      ParquetDatasource source = ParquetDatasource.of(dest);
      int perRowGroup = source.planReadTasks(1000).size();
      assertThat(perRowGroup).isGreaterThan(3);
      assertThat(source.planReadTasks(1)).hasSize(1);
      assertThat(Fixtures.readRows(source, allocator))
          .isEqualTo(Fixtures.expectedAllTypes(allocator, 0, 2000));
    }
  }

  @Test
  void aJobWithoutRowsPublishesOneEmptyReadableFile() throws Exception {
    try (RootAllocator allocator = new RootAllocator()) {
      String dest = tmp.resolve("empty").toString();
      var job = new ParquetDatasink(dest, WriteOptions.defaults()).createJob(AllTypes.SCHEMA, "j");
      WriteResult r = job.commit(List.of(job.openTask(0, 0).commit()));
      assertThat(r.files()).hasSize(1);
      assertThat(r.rows()).isZero();
      ParquetDatasource source = ParquetDatasource.of(dest);
      assertThat(Batches.sameFields(source.schema(), AllTypes.SCHEMA)).isTrue();
      assertThat(source.planReadTasks(4)).isEmpty();
    }
  }

  @Test
  void tasksSurviveJavaSerialization() throws Exception {
    try (RootAllocator allocator = new RootAllocator()) {
      String dest = tmp.resolve("out").toString();
      Fixtures.writeAllTypes(allocator, dest, WriteOptions.defaults(), 1, 1, 50);
      ReadTask task =
          ParquetDatasource.of(dest)
              .withColumns(List.of("st", "id"))
              .withLimit(20)
              .planReadTasks(1)
              .get(0);
      var bytes = new ByteArrayOutputStream();
      try (var out = new ObjectOutputStream(bytes)) {
        out.writeObject(task);
      }
      ReadTask copy;
      try (var in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
        copy = (ReadTask) in.readObject();
      }
      assertThat(copy.describe()).isEqualTo(task.describe()).contains("row group 0");
      try (var reader = copy.open(allocator, 1 << 20);
          VectorSchemaRoot b = reader.next()) {
        assertThat(b.getRowCount()).isEqualTo(20);
        assertThat(b.getSchema().getFields())
            .extracting(f -> f.getName())
            .containsExactly("st", "id");
        assertThat(reader.next()).isNull();
      }
    }
  }

  @Test
  void foundByFormatName() {
    var provider = Sluice.format("parquet");
    assertThat(provider).isInstanceOf(ParquetFormatProvider.class);
    assertThat(provider.sink(tmp.resolve("x").toString(), WriteOptions.defaults()))
        .isInstanceOf(ParquetDatasink.class);
  }
}
