package io.sluice.api.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.api.PlanException;
import io.sluice.api.Row;
import io.sluice.api.row.RowConverter;
import io.sluice.api.spi.BatchReader;
import io.sluice.api.spi.ReadTask;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.junit.jupiter.api.Test;

class ItemsSourceTest {

  private static List<Row> readAll(
      ItemsSource source, int parallelism, long targetBytes, List<Integer> batchSizes)
      throws Exception {
    List<Row> rows = new ArrayList<>();
    try (BufferAllocator a = new RootAllocator()) {
      for (ReadTask task : source.planReadTasks(parallelism)) {
        try (BatchReader r = task.open(a, targetBytes)) {
          for (VectorSchemaRoot next = r.next(); next != null; next = r.next()) {
            try (VectorSchemaRoot b = next) {
              batchSizes.add(b.getRowCount());
              rows.addAll(RowConverter.toRows(b));
            }
          }
        }
      }
    }
    return rows;
  }

  @Test
  void plainValuesBecomeColumnItem() throws Exception {
    ItemsSource s = new ItemsSource(List.of(1L, 2L, 3L), 2);
    assertThat(s.schema().getFields()).hasSize(1);
    assertThat(s.schema().getFields().get(0).getName()).isEqualTo("item");
    assertThat(readAll(s, 1, 1 << 20, new ArrayList<>()))
        .containsExactly(Row.of("item", 1L), Row.of("item", 2L), Row.of("item", 3L));
  }

  @Test
  void mapsAndRowsInOrderAcrossTasks() throws Exception {
    List<Object> items = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      items.add(i % 2 == 0 ? Map.of("id", (long) i) : Row.of("id", (long) i));
    }
    ItemsSource s = new ItemsSource(items, 4);
    assertThat(s.planReadTasks(1)).hasSize(4);
    assertThat(s.planReadTasks(8)).hasSize(8);
    List<Row> rows = readAll(s, 4, 1 << 20, new ArrayList<>());
    assertThat(rows)
        .extracting(r -> r.getLong("id"))
        .containsExactlyElementsOf(IntStream.range(0, 1000).mapToObj(i -> (long) i).toList());
  }

  @Test
  void batchesAreCutNearTargetBytes() throws Exception {
    List<String> items = IntStream.range(0, 1000).mapToObj(i -> "x".repeat(96)).toList();
    List<Integer> sizes = new ArrayList<>();
    List<Row> rows = readAll(new ItemsSource(items, 1), 1, 10_000, sizes);
    assertThat(rows).hasSize(1000);
    assertThat(sizes).hasSizeGreaterThan(5).allSatisfy(n -> assertThat(n).isBetween(1, 150));
  }

  @Test
  void largeInputsGetMoreTasksThanParallelism() {
    List<Integer> items =
        IntStream.range(0, ItemsSource.MAX_ROWS_PER_TASK * 3 + 1).boxed().toList();
    assertThat(new ItemsSource(items, 1).planReadTasks(1)).hasSize(4);
  }

  @Test
  void emptyAndConflicts() {
    assertThat(new ItemsSource(List.of(), 4).planReadTasks(4)).isEmpty();
    assertThatThrownBy(() -> new ItemsSource(List.of(Map.of("a", 1L), Map.of("a", "x")), 1))
        .isInstanceOf(PlanException.class)
        .hasMessageContaining("'a'")
        .hasMessageContaining("Long")
        .hasMessageContaining("String")
        .hasMessageContaining("row 1");
  }

  @Test
  void widensIntegersAndFloats() throws Exception {
    ItemsSource s =
        new ItemsSource(List.of(Row.of("n", 1, "f", 1.5f), Row.of("n", 2L, "f", 2.5)), 1);
    assertThat(s.schema().findField("n").getType()).isEqualTo(new ArrowType.Int(64, true));
    assertThat(readAll(s, 1, 1 << 20, new ArrayList<>()))
        .containsExactly(Row.of("n", 1L, "f", 1.5), Row.of("n", 2L, "f", 2.5));
  }
}
