package io.sluice.operators.core;

import static io.sluice.operators.core.Fixtures.CTX;
import static io.sluice.operators.core.Fixtures.SOURCE;
import static io.sluice.operators.core.Fixtures.TASKS;
import static io.sluice.operators.core.Fixtures.batch;
import static io.sluice.operators.core.Fixtures.rows;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.api.OperatorException;
import io.sluice.api.Row;
import io.sluice.api.plan.FlatMapNode;
import io.sluice.api.plan.MapRowsNode;
import io.sluice.api.udf.BatchUdf;
import io.sluice.api.udf.RowMapper;
import io.sluice.api.udf.UdfFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.LongStream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;

/** map and flatMap: values, schema inference and stability, declared schemas, errors. */
class RowStagesTest {

  private static UdfFactory map(RowMapper fn, Schema declared) {
    return MapStages.toUdfFactory(new MapRowsNode(SOURCE, fn, TASKS, declared));
  }

  @Test
  void mapInfersSchemaOnceAndKeepsIt() throws Exception {
    UdfFactory f = map(r -> Row.of("id", r.getLong("id"), "double", r.getLong("id") * 2.0), null);
    assertThat(f.outputSchema(new Schema(List.of()))).isEmpty();
    try (BufferAllocator a = new RootAllocator();
        BatchUdf udf = f.create(CTX);
        BatchUdf other = f.create(CTX);
        VectorSchemaRoot in = batch(a, List.of(Row.of("id", 1L), Row.of("id", 2L)));
        VectorSchemaRoot out = udf.apply(in, a);
        VectorSchemaRoot out2 = other.apply(in, a)) {
      assertThat(rows(out))
          .containsExactly(Row.of("id", 1L, "double", 2.0), Row.of("id", 2L, "double", 4.0));
      assertThat(out2.getSchema()).isEqualTo(out.getSchema());
    }
  }

  @Test
  void laterRowThatDoesNotFitTheInferredSchemaNamesOperatorAndRow() throws Exception {
    UdfFactory f =
        map(r -> Row.of("v", r.getLong("id") < 10 ? (Object) r.getLong("id") : "oops"), null);
    try (BufferAllocator a = new RootAllocator();
        BatchUdf udf = f.create(CTX)) {
      try (VectorSchemaRoot in = batch(a, List.of(Row.of("id", 1L)));
          VectorSchemaRoot out = udf.apply(in, a)) {
        assertThat(rows(out)).containsExactly(Row.of("v", 1L));
      }
      try (VectorSchemaRoot in = batch(a, List.of(Row.of("id", 5L), Row.of("id", 12L)))) {
        assertThatThrownBy(() -> udf.apply(in, a))
            .isInstanceOf(OperatorException.class)
            .hasMessageContaining("'Map'")
            .hasMessageContaining("row 1")
            .hasMessageContaining("oops")
            .hasMessageContaining("java.lang.String")
            .hasMessageContaining("declare");
      }
    }
  }

  @Test
  void mapWithDeclaredSchemaUsesIt() throws Exception {
    Schema declared =
        new Schema(List.of(new Field("n", FieldType.nullable(new ArrowType.Int(64, true)), null)));
    UdfFactory f = map(r -> Row.of("n", r.getInt("id")), declared); // Integer widens into int64
    assertThat(f.outputSchema(new Schema(List.of()))).contains(declared);
    try (BufferAllocator a = new RootAllocator();
        VectorSchemaRoot in = batch(a, List.of(Row.of("id", 7L)));
        VectorSchemaRoot out = Fixtures.applyOnce(f, in, a)) {
      assertThat(out.getSchema()).isEqualTo(declared);
      assertThat(rows(out)).containsExactly(Row.of("n", 7L));
    }
  }

  @Test
  void userExceptionIsWrappedWithRowAndCause() throws Exception {
    IllegalStateException boom = new IllegalStateException("boom");
    UdfFactory f =
        map(
            r -> {
              if (r.getLong("id") == 3) {
                throw boom;
              }
              return r;
            },
            null);
    try (BufferAllocator a = new RootAllocator();
        VectorSchemaRoot in =
            batch(
                a,
                List.of(
                    Row.of("id", 1L, "s", "x".repeat(5000)), Row.of("id", 3L, "s", "poison")))) {
      assertThatThrownBy(() -> Fixtures.applyOnce(f, in, a))
          .isInstanceOf(OperatorException.class)
          .hasCause(boom)
          .hasMessageContaining("operator 'Map'")
          .hasMessageContaining("row 1")
          .hasMessageContaining("poison");
      assertThatThrownBy(() -> Fixtures.applyOnce(map(r -> null, null), in, a))
          .isInstanceOf(OperatorException.class)
          .hasMessageContaining("returned null");
    }
  }

  @Test
  void nullResultsNameTheFunctionTheRowAndWhatToDoInstead() throws Exception {
    UdfFactory flatNull = MapStages.toUdfFactory(new FlatMapNode(SOURCE, r -> null, TASKS, null));
    UdfFactory flatNullRow =
        MapStages.toUdfFactory(new FlatMapNode(SOURCE, r -> Arrays.asList(r, null), TASKS, null));
    try (BufferAllocator a = new RootAllocator();
        VectorSchemaRoot in = batch(a, List.of(Row.of("id", 1L), Row.of("id", 2L)))) {
      assertThatThrownBy(
              () -> Fixtures.applyOnce(map(r -> r.getLong("id") == 2 ? null : r, null), in, a))
          .isInstanceOf(OperatorException.class)
          .hasNoCause()
          .hasMessageContaining("map function returned null for row 1 ")
          .hasMessageContaining("id=2")
          .hasMessageEndingWith("; use filter to drop rows");
      assertThatThrownBy(() -> Fixtures.applyOnce(flatNull, in, a))
          .isInstanceOf(OperatorException.class)
          .hasNoCause()
          .hasMessageContaining("flatMap function returned null for row 0 ")
          .hasMessageEndingWith("; return an empty list for no rows");
      assertThatThrownBy(() -> Fixtures.applyOnce(flatNullRow, in, a))
          .isInstanceOf(OperatorException.class)
          .hasNoCause()
          .hasMessageContaining("flatMap function returned a null row for row 0 ");
    }
  }

  @Test
  void flatMapExpandsAndHandlesEmptyOutputBeforeSchemaIsKnown() throws Exception {
    UdfFactory f =
        MapStages.toUdfFactory(
            new FlatMapNode(
                SOURCE,
                r -> {
                  long n = r.getLong("id");
                  return LongStream.range(0, n).mapToObj(k -> Row.of("id", n, "k", k)).toList();
                },
                TASKS,
                null));
    try (BufferAllocator a = new RootAllocator();
        BatchUdf udf = f.create(CTX)) {
      try (VectorSchemaRoot in = batch(a, List.of(Row.of("id", 0L)));
          VectorSchemaRoot out = udf.apply(in, a)) {
        assertThat(out.getRowCount()).isZero();
        assertThat(out.getSchema().getFields()).isEmpty();
      }
      try (VectorSchemaRoot in =
              batch(a, List.of(Row.of("id", 2L), Row.of("id", 0L), Row.of("id", 1L)));
          VectorSchemaRoot out = udf.apply(in, a)) {
        assertThat(rows(out))
            .containsExactly(
                Row.of("id", 2L, "k", 0L), Row.of("id", 2L, "k", 1L), Row.of("id", 1L, "k", 0L));
      }
      try (VectorSchemaRoot in = batch(a, List.of(Row.of("id", 0L)));
          VectorSchemaRoot out = udf.apply(in, a)) {
        assertThat(out.getRowCount()).isZero();
        assertThat(out.getSchema().getFields()).hasSize(2); // now known
      }
    }
  }

  @Test
  void flatMapErrorsNameTheRow() throws Exception {
    UdfFactory f = MapStages.toUdfFactory(new FlatMapNode(SOURCE, r -> null, TASKS, null));
    try (BufferAllocator a = new RootAllocator();
        VectorSchemaRoot in = batch(a, List.of(Row.of("id", 9L)))) {
      assertThatThrownBy(() -> Fixtures.applyOnce(f, in, a))
          .isInstanceOf(OperatorException.class)
          .hasMessageContaining("FlatMap")
          .hasMessageContaining("{id=9}");
    }
  }

  @Test
  void aLargeBatchWithADeclaredSchemaGrowsPastItsInputAndReleasesEverythingOnFailure()
      throws Exception {
    Schema declared =
        new Schema(
            List.of(
                new Field("id", FieldType.nullable(new ArrowType.Int(64, true)), null),
                new Field("name", FieldType.nullable(ArrowType.Utf8.INSTANCE), null)));
    UdfFactory f =
        MapStages.toUdfFactory(
            new FlatMapNode(
                SOURCE,
                r -> {
                  long id = r.getLong("id");
                  if (id == 29_999 && r.indexOf("fail") >= 0) {
                    throw new IllegalStateException("boom");
                  }
                  return LongStream.range(0, id % 4)
                      .mapToObj(k -> Row.of("id", id, "name", "n" + id + "-" + k))
                      .toList();
                },
                TASKS,
                declared));
    List<Row> input = new ArrayList<>();
    List<Row> expected = new ArrayList<>();
    for (long id = 0; id < 30_000; id++) {
      input.add(Row.of("id", id));
      for (long k = 0; k < id % 4; k++) {
        expected.add(Row.of("id", id, "name", "n" + id + "-" + k));
      }
    }
    try (BufferAllocator a = new RootAllocator()) {
      try (VectorSchemaRoot in = batch(a, input);
          VectorSchemaRoot out = Fixtures.applyOnce(f, in, a)) {
        assertThat(out.getRowCount()).isEqualTo(expected.size()).isGreaterThan(30_000);
        assertThat(rows(out)).isEqualTo(expected);
      }
      List<Row> failing =
          input.stream().map(r -> Row.of("id", r.getLong("id"), "fail", 1L)).toList();
      try (VectorSchemaRoot in = batch(a, failing)) {
        long before = a.getAllocatedMemory();
        assertThatThrownBy(() -> Fixtures.applyOnce(f, in, a))
            .isInstanceOf(OperatorException.class)
            .hasMessageContaining("row 29999");
        assertThat(a.getAllocatedMemory()).as("the partial output is released").isEqualTo(before);
      }
    }
  }
}
