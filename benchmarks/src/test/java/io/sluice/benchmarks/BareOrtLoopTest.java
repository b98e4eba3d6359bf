package io.sluice.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.inference.MiniLm;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The bare loop feeds every row to the model once, in the order and batches given. */
class BareOrtLoopTest {

  @Test
  void countsEveryRow() throws Exception {
    BareOrtLoop.Result r = BareOrtLoop.run(MiniLm.INT8, rows(10, 1), 1, 4, 1);
    assertThat(r.rows()).isEqualTo(10);
    assertThat(r.rowsPerSecond()).isPositive();
  }

  @Test
  void sortsByLengthWithoutLosingRows() {
    List<long[]> rows = rows(50, 3);
    List<long[]> sorted = BareOrtLoop.sortedByLength(rows);
    assertThat(sorted).hasSameSizeAs(rows).containsExactlyInAnyOrderElementsOf(rows);
    for (int i = 1; i < sorted.size(); i++) {
      assertThat(sorted.get(i).length).isGreaterThanOrEqualTo(sorted.get(i - 1).length);
    }
  }

  /** Rows of 8..128 token ids (uniform), [CLS] ... [SEP], like tokenized sentences. */
  static List<long[]> rows(int n, long seed) {
    Random random = new Random(seed);
    List<long[]> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      long[] ids = new long[8 + random.nextInt(121)];
      ids[0] = 101;
      for (int t = 1; t < ids.length - 1; t++) {
        ids[t] = 1000 + random.nextInt(28000);
      }
      ids[ids.length - 1] = 102;
      rows.add(ids);
    }
    return rows;
  }
}
