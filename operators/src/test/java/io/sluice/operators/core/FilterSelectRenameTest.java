package io.sluice.operators.core;

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
import io.sluice.api.plan.RenameNode;
import io.sluice.api.plan.SelectNode;
import io.sluice.api.udf.RowFilter;
import io.sluice.api.udf.UdfFactory;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** filter (each selection strategy), select and rename (zero copy). */
class FilterSelectRenameTest {

  private static UdfFactory filter(RowFilter p) {
    return MapStages.toUdfFactory(new FilterNode(SOURCE, p, TASKS));
  }

  /** 0: none, 1: all, 2: one run, 3: few long runs, 4: alternating rows, 5: sparse random-ish. */
  @ParameterizedTest
  @ValueSource(ints = {0, 1, 2, 3, 4, 5})
  void filterKeepsExactlyTheSelectedRows(int pattern) throws Exception {
    RowFilter p =
        switch (pattern) {
          case 0 -> r -> false;
          case 1 -> r -> true;
          case 2 -> r -> r.getLong("id") >= 13 && r.getLong("id") < 700;
          case 3 -> r -> (r.getLong("id") / 100) % 2 == 1;
          case 4 -> r -> r.getLong("id") % 2 == 0;
          default -> r -> (r.getLong("id") * 7919) % 13 < 3;
        };
    List<Row> all = sample(0, 1000);
    List<Row> expected =
        all.stream()
            .filter(
                r -> {
                  try {
                    return p.test(r);
                  } catch (Exception e) {
                    throw new AssertionError(e);
                  }
                })
            .toList();
    try (BufferAllocator a = new RootAllocator();
        VectorSchemaRoot in = batch(a, all)) {
      VectorSchemaRoot out = applyOnce(filter(p), in, a);
      try {
        assertThat(out.getSchema()).isEqualTo(in.getSchema());
        assertThat(rows(out)).containsExactlyElementsOf(expected);
        if (pattern == 1) {
          assertThat(out).isSameAs(in);
        }
      } finally {
        if (out != in) {
          out.close();
        }
      }
    }
  }

  @Test
  void filterOutputOutlivesInput() throws Exception {
    try (BufferAllocator a = new RootAllocator()) {
      VectorSchemaRoot out;
      try (VectorSchemaRoot in = batch(a, sample(0, 50))) {
        out = applyOnce(filter(r -> r.getLong("id") % 3 == 1), in, a);
      }
      try (out) {
        assertThat(rows(out)).extracting(r -> r.getLong("id")).startsWith(1L, 4L, 7L);
      }
    }
  }

  @Test
  void filterExceptionNamesRow() throws Exception {
    try (BufferAllocator a = new RootAllocator();
        VectorSchemaRoot in = batch(a, sample(0, 3))) {
      assertThatThrownBy(() -> applyOnce(filter(r -> r.getString("text").isEmpty()), in, a))
          .isInstanceOf(OperatorException.class)
          .hasCauseInstanceOf(NullPointerException.class)
          .hasMessageContaining("Filter")
          .hasMessageContaining("row 0")
          .hasMessageContaining("id=0");
    }
  }

  @Test
  void selectSharesBuffersAndReorders() throws Exception {
    UdfFactory f = MapStages.toUdfFactory(new SelectNode(SOURCE, List.of("text", "id")));
    try (BufferAllocator a = new RootAllocator()) {
      VectorSchemaRoot out;
      List<Row> expected =
          sample(0, 20).stream()
              .map(r -> Row.of("text", r.get("text"), "id", r.get("id")))
              .toList();
      try (VectorSchemaRoot in = batch(a, sample(0, 20))) {
        assertThat(f.outputSchema(in.getSchema()).orElseThrow().getFields())
            .containsExactly(in.getSchema().findField("text"), in.getSchema().findField("id"));
        out = applyOnce(f, in, a);
        assertThat(out.getVector("id").getDataBuffer().memoryAddress())
            .isEqualTo(in.getVector("id").getDataBuffer().memoryAddress());
      }
      try (out) {
        assertThat(rows(out)).containsExactlyElementsOf(expected);
      }
    }
  }

  @Test
  void selectOfEverythingReturnsInputAndMissingColumnFails() throws Exception {
    try (BufferAllocator a = new RootAllocator();
        VectorSchemaRoot in = batch(a, sample(0, 5))) {
      UdfFactory all =
          MapStages.toUdfFactory(new SelectNode(SOURCE, List.of("id", "text", "tags", "pt")));
      assertThat(applyOnce(all, in, a)).isSameAs(in);
      UdfFactory missing = MapStages.toUdfFactory(new SelectNode(SOURCE, List.of("nope")));
      assertThatThrownBy(() -> applyOnce(missing, in, a))
          .isInstanceOf(OperatorException.class)
          .hasMessageContaining("'nope'")
          .hasMessageContaining("id");
    }
  }

  @Test
  void renameKeepsValuesAndTypes() throws Exception {
    UdfFactory f =
        MapStages.toUdfFactory(new RenameNode(SOURCE, Map.of("pt", "point", "id", "key")));
    try (BufferAllocator a = new RootAllocator();
        VectorSchemaRoot in = batch(a, sample(0, 10))) {
      try (VectorSchemaRoot out = applyOnce(f, in, a)) {
        assertThat(out.getSchema().getFields())
            .extracting(Field::getName)
            .containsExactly("key", "text", "tags", "point");
        assertThat(out.getSchema().findField("point").getChildren())
            .isEqualTo(in.getSchema().findField("pt").getChildren());
        assertThat(f.outputSchema(in.getSchema()).orElseThrow()).isEqualTo(out.getSchema());
        List<Row> got = rows(out);
        List<Row> want = rows(in);
        for (int i = 0; i < want.size(); i++) {
          assertThat(got.get(i).get("point")).isEqualTo(want.get(i).get("pt"));
          assertThat(got.get(i).get("key")).isEqualTo(want.get(i).get("id"));
        }
      }
      UdfFactory missing = MapStages.toUdfFactory(new RenameNode(SOURCE, Map.of("zz", "y")));
      assertThatThrownBy(() -> applyOnce(missing, in, a))
          .isInstanceOf(OperatorException.class)
          .hasMessageContaining("'zz'");
    }
  }

  @Test
  void zeroRowInputs() throws Exception {
    try (BufferAllocator a = new RootAllocator();
        VectorSchemaRoot in = batch(a, sample(0, 4))) {
      in.setRowCount(0);
      try (VectorSchemaRoot out =
          applyOnce(MapStages.toUdfFactory(new SelectNode(SOURCE, List.of("id"))), in, a)) {
        assertThat(out.getRowCount()).isZero();
        assertThat(out.getSchema().getFields()).hasSize(1);
      }
      assertThat(applyOnce(filter(r -> false), in, a)).isSameAs(in);
    }
  }
}
