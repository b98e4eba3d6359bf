package io.sluice.operators.core;

import static io.sluice.operators.core.Fixtures.CTX;
import static io.sluice.operators.core.Fixtures.SOURCE;
import static io.sluice.operators.core.Fixtures.TASKS;
import static io.sluice.operators.core.Fixtures.applyOnce;
import static io.sluice.operators.core.Fixtures.batch;
import static io.sluice.operators.core.Fixtures.rows;
import static io.sluice.operators.core.Fixtures.sample;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.api.OperatorException;
import io.sluice.api.Row;
import io.sluice.api.plan.FilterNode;
import io.sluice.api.plan.FusedMapNode;
import io.sluice.api.plan.MapBatchesNode;
import io.sluice.api.plan.MapNode;
import io.sluice.api.plan.MapRowsNode;
import io.sluice.api.plan.SelectNode;
import io.sluice.api.udf.BatchFn;
import io.sluice.api.udf.BatchUdf;
import io.sluice.api.udf.UdfContext;
import io.sluice.api.udf.UdfFactory;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

/** mapBatches schema checks and error wrapping; fused chains: order, closing, creation, leaks. */
class MapBatchesAndFusionTest {

  private static MapBatchesNode mapBatches(String name, BatchFn fn, Schema declared) {
    UdfFactory f = declared == null ? UdfFactory.of(name, fn) : UdfFactory.of(name, fn, declared);
    return new MapBatchesNode(SOURCE, f, TASKS);
  }

  /** Rows {@code id} of the input, doubled, as a new batch. */
  private static final BatchFn DOUBLE_IDS =
      (in, a) -> batch(a, rows(in).stream().map(r -> Row.of("id", r.getLong("id") * 2)).toList());

  @Test
  void declaredSchemaIsCheckedOnEveryBatch() throws Exception {
    Schema declared;
    try (BufferAllocator a = new RootAllocator();
        VectorSchemaRoot ids = batch(a, List.of(Row.of("id", 1L)))) {
      declared = ids.getSchema();
    }
    BatchFn liar = (in, a) -> batch(a, List.of(Row.of("id", "one")));
    UdfFactory f = MapStages.toUdfFactory(mapBatches("Liar", liar, declared));
    try (BufferAllocator a = new RootAllocator();
        VectorSchemaRoot in = batch(a, sample(0, 3))) {
      assertThatThrownBy(() -> applyOnce(f, in, a))
          .isInstanceOf(OperatorException.class)
          .hasMessageContaining("'Liar'")
          .hasMessageContaining("declared")
          .hasMessageContaining("Utf8");
      try (VectorSchemaRoot out =
          applyOnce(MapStages.toUdfFactory(mapBatches("Ok", DOUBLE_IDS, declared)), in, a)) {
        assertThat(rows(out)).containsExactly(Row.of("id", 0L), Row.of("id", 2L), Row.of("id", 4L));
      }
    }
  }

  @Test
  void undeclaredSchemaMustMatchTheFirstBatch() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    BatchFn drifting =
        (in, a) ->
            calls.incrementAndGet() == 1
                ? batch(a, List.of(Row.of("id", 1L)))
                : batch(a, List.of(Row.of("id", 1)));
    UdfFactory f = MapStages.toUdfFactory(mapBatches("Drift", drifting, null));
    try (BufferAllocator a = new RootAllocator();
        BatchUdf udf = f.create(CTX);
        VectorSchemaRoot in = batch(a, sample(0, 2))) {
      udf.apply(in, a).close();
      assertThatThrownBy(() -> udf.apply(in, a))
          .isInstanceOf(OperatorException.class)
          .hasMessageContaining("'Drift'")
          .hasMessageContaining("first batch");
    }
  }

  @Test
  void returningTheInputMeansUnchangedAndIsNotClosedOnMismatch() throws Exception {
    Schema other;
    try (BufferAllocator a = new RootAllocator();
        VectorSchemaRoot b = batch(a, List.of(Row.of("z", 1L)))) {
      other = b.getSchema();
    }
    try (BufferAllocator a = new RootAllocator();
        VectorSchemaRoot in = batch(a, sample(0, 2))) {
      assertThat(applyOnce(MapStages.toUdfFactory(mapBatches("Same", (b, al) -> b, null)), in, a))
          .isSameAs(in);
      assertThatThrownBy(
              () ->
                  applyOnce(MapStages.toUdfFactory(mapBatches("Same", (b, al) -> b, other)), in, a))
          .isInstanceOf(OperatorException.class);
      assertThat(rows(in)).hasSize(2); // still intact
    }
  }

  @Test
  void userExceptionsAreWrappedWithCause() throws Exception {
    RuntimeException boom = new RuntimeException("bad tensor");
    UdfFactory f =
        MapStages.toUdfFactory(
            mapBatches(
                "Model",
                (in, a) -> {
                  throw boom;
                },
                null));
    try (BufferAllocator a = new RootAllocator();
        VectorSchemaRoot in = batch(a, sample(0, 2))) {
      assertThatThrownBy(() -> applyOnce(f, in, a))
          .isInstanceOf(OperatorException.class)
          .hasCause(boom)
          .hasMessageContaining("'Model'")
          .hasMessageContaining("2 rows");
      assertThat(
              ((OperatorException) Assertions.catchThrowable(() -> applyOnce(f, in, a))).operator())
          .isEqualTo("Model");
    }
  }

  @Test
  void fusedChainAppliesStagesInOrderAndFoldsSchemas() throws Exception {
    FusedMapNode fused =
        new FusedMapNode(
            SOURCE,
            List.<MapNode>of(
                new SelectNode(SOURCE, List.of("id", "text")),
                new FilterNode(SOURCE, r -> r.getLong("id") % 2 == 1, TASKS),
                mapBatches("Double", DOUBLE_IDS, null),
                new MapRowsNode(SOURCE, r -> r.with("half", r.getLong("id") / 2), TASKS, null)));
    UdfFactory f = MapStages.toUdfFactory(fused);
    assertThat(f.name()).isEqualTo("Select->Filter->Double->Map");
    try (BufferAllocator a = new RootAllocator();
        VectorSchemaRoot in = batch(a, sample(0, 6))) {
      assertThat(f.outputSchema(in.getSchema())).isEmpty(); // Double declares nothing
      try (BufferAllocator outAlloc = a.newChildAllocator("out", 0, Long.MAX_VALUE)) {
        try (VectorSchemaRoot out = applyOnce(f, in, outAlloc)) {
          assertThat(rows(out))
              .containsExactly(
                  Row.of("id", 2L, "half", 1L),
                  Row.of("id", 6L, "half", 3L),
                  Row.of("id", 10L, "half", 5L));
        }
        assertThat(outAlloc.getAllocatedMemory()).isZero(); // every intermediate was closed
      }
      FusedMapNode known =
          new FusedMapNode(
              SOURCE,
              List.<MapNode>of(
                  new SelectNode(SOURCE, List.of("id", "text")),
                  new FilterNode(SOURCE, r -> true, TASKS)));
      assertThat(
              MapStages.toUdfFactory(known).outputSchema(in.getSchema()).orElseThrow().getFields())
          .extracting(Field::getName)
          .containsExactly("id", "text");
    }
  }

  @Test
  void fusedFailureInTheMiddleNamesTheStageAndLeaksNothing() throws Exception {
    FusedMapNode fused =
        new FusedMapNode(
            SOURCE,
            List.<MapNode>of(
                mapBatches("Double", DOUBLE_IDS, null),
                new MapRowsNode(
                    SOURCE,
                    r -> {
                      if (r.getLong("id") == 4) {
                        throw new IllegalArgumentException("four");
                      }
                      return r;
                    },
                    TASKS,
                    null),
                new SelectNode(SOURCE, List.of("id"))));
    try (BufferAllocator a = new RootAllocator();
        VectorSchemaRoot in = batch(a, sample(0, 5))) {
      try (BufferAllocator outAlloc = a.newChildAllocator("out", 0, Long.MAX_VALUE)) {
        assertThatThrownBy(() -> applyOnce(MapStages.toUdfFactory(fused), in, outAlloc))
            .isInstanceOf(OperatorException.class)
            .hasMessageContaining("Map (stage 2 of Double->Map->Select)")
            .hasMessageContaining("{id=4}")
            .hasCauseInstanceOf(IllegalArgumentException.class);
        assertThat(outAlloc.getAllocatedMemory()).isZero();
      }
    }
  }

  @Test
  void fusedCreatesEveryStageAndClosesAll() throws Exception {
    AtomicInteger created = new AtomicInteger();
    AtomicInteger closed = new AtomicInteger();
    UdfFactory counting =
        new UdfFactory() {
          @Override
          public String name() {
            return "Counting";
          }

          @Override
          public BatchUdf create(UdfContext context) {
            created.incrementAndGet();
            return new BatchUdf() {
              @Override
              public VectorSchemaRoot apply(VectorSchemaRoot input, BufferAllocator allocator) {
                return input;
              }

              @Override
              public void close() {
                closed.incrementAndGet();
              }
            };
          }
        };
    FusedMapNode fused =
        new FusedMapNode(
            SOURCE,
            List.<MapNode>of(
                new MapBatchesNode(SOURCE, counting, TASKS),
                new MapBatchesNode(SOURCE, counting, TASKS),
                new FilterNode(SOURCE, r -> true, TASKS)));
    UdfFactory f = MapStages.toUdfFactory(fused);
    try (BufferAllocator a = new RootAllocator();
        VectorSchemaRoot in = batch(a, sample(0, 3))) {
      BatchUdf udf = f.create(CTX);
      assertThat(created).hasValue(2);
      assertThat(udf.apply(in, a)).isSameAs(in);
      udf.close();
      assertThat(closed).hasValue(2);
    }
  }

  @Test
  void fusedCreateFailureClosesWhatWasBuilt() {
    AtomicInteger closed = new AtomicInteger();
    UdfFactory ok =
        new UdfFactory() {
          @Override
          public String name() {
            return "Ok";
          }

          @Override
          public BatchUdf create(UdfContext context) {
            return new BatchUdf() {
              @Override
              public VectorSchemaRoot apply(VectorSchemaRoot input, BufferAllocator allocator) {
                return input;
              }

              @Override
              public void close() {
                closed.incrementAndGet();
              }
            };
          }
        };
    UdfFactory broken =
        new UdfFactory() {
          @Override
          public String name() {
            return "Broken";
          }

          @Override
          public BatchUdf create(UdfContext context) {
            throw new IllegalStateException("no model file");
          }
        };
    UdfFactory f =
        MapStages.toUdfFactory(
            new FusedMapNode(
                SOURCE,
                List.<MapNode>of(
                    new MapBatchesNode(SOURCE, ok, TASKS),
                    new MapBatchesNode(SOURCE, broken, TASKS))));
    assertThatThrownBy(() -> f.create(CTX))
        .isInstanceOf(OperatorException.class)
        .hasMessageContaining("Broken")
        .hasRootCauseMessage("no model file");
    assertThat(closed).hasValue(1);
  }
}
