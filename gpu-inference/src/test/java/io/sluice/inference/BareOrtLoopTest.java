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
    int n = Integer.getInteger("sluice.bench.rows", 1024);
    int min = Integer.getInteger("sluice.bench.minTokens", 8);
    int max = Integer.getInteger("sluice.bench.maxTokens", 64);
    List<long[]> rows = rows(n, 7, min, max);
    for (ModelSource m : List.of(MiniLm.INT8, MiniLm.FP32)) {
      BareOrtLoop.Result bare = BareOrtLoop.run(m, rows, 2, 64, 2);
      double pipeline = PipelineRate.rowsPerSecond(MiniLm.embedder(m).intraOpThreads(2), rows, 64, 2);
      System.out.printf("%s batch 64, 2 threads, %d rows of %d..%d tokens: bare ORT loop %.1f rows/s,"
          + " OnnxModelSpec (Arrow in, pooled Arrow out) %.1f rows/s, ratio %.3f%n", m.shortName(), n, min, max,
          bare.rowsPerSecond(), pipeline, pipeline / bare.rowsPerSecond());
    }
  }

  static List<long[]> rows(int n, long seed) {
    return rows(n, seed, 8, 128);
  }

  /** Rows of min..max token ids (uniform), [CLS] ... [SEP], like tokenized sentences. */
  static List<long[]> rows(int n, long seed, int min, int max) {
    Random random = new Random(seed);
    List<long[]> rows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      long[] ids = new long[min + random.nextInt(max - min + 1)];
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
