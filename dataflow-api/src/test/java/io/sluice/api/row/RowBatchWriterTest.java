package io.sluice.api.row;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.api.Row;
import io.sluice.api.SluiceException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;

/** Row-by-row writing: growth past the expected size, hand-over, failures, release. */
class RowBatchWriterTest {

  private static List<Row> sample(int n) {
    List<Row> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      rows.add(
          Row.of(
              "id",
              (long) i,
              "text",
              i % 7 == 0 ? null : "t" + i,
              "tags",
              i % 3 == 0 ? null : List.of("a" + i, "b"),
              "attrs",
              Map.of("k", (long) i),
              "pt",
              Row.of("x", (double) i, "label", "p" + i)));
    }
    return rows;
  }

  @Test
  void rowsWrittenOneByOneEqualTheBuildersBatchWellPastTheExpectedSize() {
    List<Row> rows = sample(20_000);
    Schema schema = SchemaInference.infer(rows);
    try (BufferAllocator a = new RootAllocator()) {
      try (RowBatchWriter w = new RowBatchWriter(schema, a, 16);
          VectorSchemaRoot expected = RowBatchBuilder.build(schema, rows, a)) {
        rows.forEach(w::add);
        assertThat(w.rowCount()).isEqualTo(20_000);
        try (VectorSchemaRoot got = w.finish()) {
          assertThat(got.getRowCount()).isEqualTo(20_000);
          assertThat(got.getSchema()).isEqualTo(schema);
          assertThat(RowConverter.toRows(got)).isEqualTo(RowConverter.toRows(expected));
        }
        assertThatThrownBy(w::finish).isInstanceOf(IllegalStateException.class);
      }
      assertThat(a.getAllocatedMemory()).isZero();
    }
  }

  @Test
  void aRowThatDoesNotFitIsNamedAndTheRowsBeforeItStay() {
    List<Row> rows = sample(3);
    Schema schema = SchemaInference.infer(rows);
    try (BufferAllocator a = new RootAllocator();
        RowBatchWriter w = new RowBatchWriter(schema, a, 3)) {
      w.add(rows.get(0));
      w.add(rows.get(1));
      assertThatThrownBy(() -> w.add(Row.of("id", "seven")))
          .isInstanceOf(SluiceException.class)
          .hasMessageContaining("row 2")
          .hasMessageContaining("seven")
          .hasMessageContaining("does not fit schema");
      try (VectorSchemaRoot got = w.finish()) {
        assertThat(RowConverter.toRows(got)).isEqualTo(rows.subList(0, 2));
      }
    }
  }

  @Test
  void closingWithoutFinishReleasesTheBatch() {
    List<Row> rows = sample(100);
    try (BufferAllocator a = new RootAllocator()) {
      try (RowBatchWriter w = new RowBatchWriter(SchemaInference.infer(rows), a, 10)) {
        rows.forEach(w::add);
        assertThat(a.getAllocatedMemory()).isPositive();
      }
      assertThat(a.getAllocatedMemory()).isZero();
    }
  }
}
