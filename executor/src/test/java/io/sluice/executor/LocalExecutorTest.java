package io.sluice.executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.api.CloseableIterator;
import io.sluice.api.Compute;
import io.sluice.api.Dataset;
import io.sluice.api.ExecutionOptions;
import io.sluice.api.OperatorException;
import io.sluice.api.PlanException;
import io.sluice.api.Row;
import io.sluice.api.Sluice;
import io.sluice.api.spi.WriteResult;
import io.sluice.api.udf.BatchUdf;
import io.sluice.api.udf.UdfContext;
import io.sluice.api.udf.UdfFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.LongStream;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The local executor end to end through the public API. Every test closes its {@link Sluice}, whose
 * root allocator fails on leaked Arrow memory.
 */
class LocalExecutorTest {

  static ExecutionOptions.Builder opts() {
    return ExecutionOptions.builder().cpuSlots(2).progress(false);
  }

  static List<Long> ids(List<Row> rows) {
    return rows.stream().map(r -> r.getLong("id")).toList();
  }

  static List<Long> range(long from, long to) {
    return LongStream.range(from, to).boxed().toList();
  }

  @BeforeEach
  void reset() {
    CountingFactory.reset();
  }

  @Test
  void countsAndKeepsOrderAcrossManySmallBlocks() {
    try (Sluice s = Sluice.local(opts().targetBlockBytes(8 * 100).build())) {
      assertThat(s.range(10_000).count()).isEqualTo(10_000);
      assertThat(ids(s.range(10_000).takeAll())).isEqualTo(range(0, 10_000));
    }
  }

  @Test
  void rowTransformsCompose() {
    try (Sluice s = Sluice.local(opts().build())) {
      Dataset ds =
          s.range(1000)
              .map(r -> Row.of("id", r.getLong("id"), "sq", r.getLong("id") * r.getLong("id")))
              .filter(r -> r.getLong("id") % 2 == 0)
              .flatMap(r -> List.of(r, r.with("sq", -1L)));
      List<Row> rows = ds.takeAll();
      assertThat(rows).hasSize(1000);
      assertThat(rows.get(2)).isEqualTo(Row.of("id", 2L, "sq", 4L));
      assertThat(rows.get(3)).isEqualTo(Row.of("id", 2L, "sq", -1L));
      assertThat(ds.explain()).contains("Fused");
    }
  }

  @Test
  void actorPoolBuildsEachInstanceOnceAndFeedsExactBatches() {
    try (Sluice s = Sluice.local(opts().targetBlockBytes(8 * 100).build())) {
      Dataset ds =
          s.range(1000).mapBatches(new CountingFactory(0), Compute.actors(3).batchSize(64));
      assertThat(ids(ds.takeAll())).isEqualTo(range(0, 1000));
      assertThat(CountingFactory.CREATED.get()).isEqualTo(3);
      assertThat(CountingFactory.CLOSED.get()).isEqualTo(3);
      assertThat(CountingFactory.BATCH_ROWS).hasSize(16);
      assertThat(CountingFactory.BATCH_ROWS.stream().filter(n -> n != 64))
          .containsExactly(1000 % 64);
    }
  }

  @Test
  void actorPoolScalesUpUnderPressureWithinMax() {
    try (Sluice s = Sluice.local(opts().targetBlockBytes(8 * 1000).build())) {
      long n =
          s.range(20_000)
              .mapBatches(new CountingFactory(5), Compute.actors(1, 2).batchSize(100))
              .count();
      assertThat(n).isEqualTo(20_000);
      assertThat(CountingFactory.CREATED.get()).isBetween(1, 2);
    }
  }

  @Test
  void actorPoolRunsItsFirstBatchesSideBySideWhileTheOutputRatioIsUnknown() {
    // Two batches, two slow actors: a single-probe rule would run the second after the first.
    try (Sluice s = Sluice.local(opts().build())) {
      long n =
          s.range(200)
              .mapBatches(new CountingFactory(500), Compute.actors(2).batchSize(100))
              .count();
      assertThat(n).isEqualTo(200);
      assertThat(CountingFactory.MAX_RUNNING.get()).isEqualTo(2);
    }
  }

  @Test
  void slowSinkKeepsAccountedMemoryUnderBudgetPlusOneBlock() {
    long block = 64 << 10;
    long budget = 1 << 20;
    try (Sluice s =
        Sluice.local(opts().targetBlockBytes(block).memoryBudgetBytes(budget).build())) {
      CollectingSink sink = new CollectingSink(20);
      WriteResult written = s.read(new CountingSource(200, 4096, 0)).write(sink);
      assertThat(sink.committed).hasSize(200 * 4096);
      assertThat(ids(sink.committed)).isEqualTo(range(0, 200 * 4096));
      long peak = written.stats().peakMemoryBytes();
      assertThat(peak).isLessThanOrEqualTo(budget + block);
    }
  }

  @Test
  void limitStopsReadingEarly() {
    try (Sluice s = Sluice.local(opts().build())) {
      CountingSource src = new CountingSource(100, 1000, 20);
      assertThat(s.read(src).limit(1500).count()).isEqualTo(1500);
      assertThat(src.opened.get()).isLessThanOrEqualTo(6);
      assertThat(ids(s.read(new CountingSource(100, 1000, 0)).take(2500)))
          .isEqualTo(range(0, 2500));
    }
  }

  @Test
  void budgetSmallerThanOneBlockStillCompletes() {
    try (Sluice s = Sluice.local(opts().memoryBudgetBytes(1024).build())) {
      Dataset ds = s.range(100_000).map(r -> Row.of("id", r.getLong("id") + 1));
      assertThat(ds.count()).isEqualTo(100_000);
    }
  }

  @Test
  void unionKeepsInputOrder() {
    try (Sluice s = Sluice.local(opts().build())) {
      List<Long> expected = new ArrayList<>(range(0, 100));
      expected.addAll(range(0, 50));
      assertThat(ids(s.range(100).union(s.range(50)).takeAll())).isEqualTo(expected);
    }
  }

  @Test
  void iterBatchesCutsExactSizes() {
    try (Sluice s = Sluice.local(opts().targetBlockBytes(8 * 70).build());
        CloseableIterator<VectorSchemaRoot> it = s.range(1000).iterBatches(300)) {
      List<Integer> sizes = new ArrayList<>();
      long next = 0;
      while (it.hasNext()) {
        VectorSchemaRoot b = it.next();
        sizes.add(b.getRowCount());
        BigIntVector id = (BigIntVector) b.getVector("id");
        for (int i = 0; i < b.getRowCount(); i++) {
          assertThat(id.get(i)).isEqualTo(next++);
        }
      }
      assertThat(sizes).containsExactly(300, 300, 300, 100);
    }
  }

  @Test
  void materializedDatasetIsReusable() {
    try (Sluice s = Sluice.local(opts().build())) {
      Dataset m = s.range(1000).map(r -> Row.of("id", r.getLong("id") * 2)).materialize();
      assertThat(m.count()).isEqualTo(1000);
      assertThat(ids(m.take(3))).containsExactly(0L, 2L, 4L);
      assertThat(m.count()).isEqualTo(1000);
    }
  }

  @Test
  void closingAnIteratorEarlyCancelsTheJob() {
    try (Sluice s = Sluice.local(opts().build())) {
      try (CloseableIterator<Row> it = s.range(50_000_000L).iterator()) {
        assertThat(it.next().getLong("id")).isZero();
      }
    }
  }

  @Test
  void udfExceptionNamesTheOperatorAndKeepsTheCause() {
    try (Sluice s = Sluice.local(opts().build())) {
      Dataset ds =
          s.range(100)
              .mapBatches(
                  (b, a) -> {
                    throw new IllegalStateException("boom");
                  });
      assertThatThrownBy(ds::count)
          .isInstanceOf(OperatorException.class)
          .hasMessageContaining("MapBatches")
          .hasMessageContaining("boom")
          .hasRootCauseInstanceOf(IllegalStateException.class);
    }
  }

  @Test
  void batchWithUndeclaredSchemaFailsTheJob() {
    Schema declared =
        new Schema(List.of(new Field("x", FieldType.nullable(new ArrowType.Utf8()), null)));
    try (Sluice s = Sluice.local(opts().build())) {
      Dataset ds = s.range(100).mapBatches((b, a) -> b, Compute.tasks(), declared);
      CollectingSink sink = new CollectingSink(0);
      assertThatThrownBy(() -> ds.write(sink))
          .isInstanceOf(OperatorException.class)
          .hasMessageContaining("schema");
      assertThat(sink.aborted).isTrue();
      assertThat(sink.committed).isNull();
    }
  }

  @Test
  void actorConstructorFailureFailsTheJobWithItsError() {
    UdfFactory broken =
        new UdfFactory() {
          @Override
          public String name() {
            return "Broken";
          }

          @Override
          public BatchUdf create(UdfContext context) {
            throw new IllegalArgumentException("model file is corrupt");
          }
        };
    try (Sluice s = Sluice.local(opts().build())) {
      Dataset ds = s.range(100).mapBatches(broken, Compute.actors(2).batchSize(10));
      assertThatThrownBy(ds::count)
          .isInstanceOf(OperatorException.class)
          .hasMessageContaining("Broken")
          .hasMessageContaining("model file is corrupt");
    }
  }

  @Test
  void gpuActorsNeedGpuSlots() {
    try (Sluice s = Sluice.local(opts().build())) {
      Dataset ds = s.range(10).mapBatches(new CountingFactory(0), Compute.actors(1).gpus(1));
      assertThatThrownBy(ds::count)
          .isInstanceOf(PlanException.class)
          .hasMessageContaining("gpuSlots");
    }
  }

  @Test
  void gpuFractionsPackActorsOntoDevices() {
    try (Sluice s = Sluice.local(opts().gpuSlots(2).build())) {
      s.range(100)
          .mapBatches(new CountingFactory(0), Compute.actors(4).gpus(0.5).batchSize(10))
          .count();
      assertThat(CountingFactory.CONTEXTS).hasSize(4);
      assertThat(CountingFactory.CONTEXTS.stream().map(c -> Arrays.toString(c.gpuIds())).sorted())
          .containsExactly("[0]", "[0]", "[1]", "[1]");
    }
    CountingFactory.reset();
    try (Sluice s = Sluice.local(opts().gpuSlots(2).build())) {
      s.range(100)
          .mapBatches(new CountingFactory(0), Compute.actors(2).gpus(1).batchSize(10))
          .count();
      assertThat(CountingFactory.CONTEXTS.stream().map(c -> Arrays.toString(c.gpuIds())).sorted())
          .containsExactly("[0]", "[1]");
    }
  }

  @Test
  void schemaIsKnownWithoutRunningOrFromOneRow() {
    try (Sluice s = Sluice.local(opts().build())) {
      assertThat(s.range(5).schema().getFields()).extracting(Field::getName).containsExactly("id");
      Schema inferred =
          s.range(5)
              .map(r -> Row.of("id", r.getLong("id"), "name", "n" + r.getLong("id")))
              .schema();
      assertThat(inferred.getFields()).extracting(Field::getName).containsExactly("id", "name");
    }
  }

  @Test
  void unorderedExecutionStillDeliversEveryRowOnce() {
    try (Sluice s = Sluice.local(opts().preserveOrder(false).targetBlockBytes(8 * 100).build())) {
      List<Long> got =
          new ArrayList<>(
              ids(
                  s.range(5000)
                      .mapBatches(new CountingFactory(1), Compute.actors(2).batchSize(33))
                      .takeAll()));
      got.sort(Long::compare);
      assertThat(got).isEqualTo(range(0, 5000));
    }
  }
}
