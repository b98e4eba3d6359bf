package io.sluice.inference;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.operators.text.Tokenize;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The bare loop runs; with {@code -Dsluice.bench=true} it also prints rows/s for fp32 and int8 at
 * batch 64 with 2 threads over MiniLM-shaped rows (a benchmark, not a timed assertion).
 */
class BareOrtLoopTest {

  @Test
  void countsEveryRow() throws Exception {
    BareOrtLoop.Result r = BareOrtLoop.run(MiniLm.INT8, rows(10, 1), 1, 4, 1);
    assertThat(r.rows()).isEqualTo(10);
    assertThat(r.rowsPerSecond()).isPositive();
  }

  @Test
  @EnabledIfSystemProperty(named = "sluice.bench", matches = "true")
  void printRowsPerSecond() throws Exception {
    List<long[]> rows = rows(2048, 7);
    for (ModelSource m : List.of(MiniLm.INT8, MiniLm.FP32)) {
      BareOrtLoop.Result r = BareOrtLoop.run(m, rows, 2, 64, 4);
      System.out.printf("bare ORT loop %s batch 64 threads 2: %d rows in %.2f s = %.1f rows/s%n",
          m.shortName(), r.rows(), r.seconds(), r.rowsPerSecond());
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
    assertThat(Tokenize.DEFAULT_MAX_LENGTH).isEqualTo(256);
    return rows;
  }
}
