package io.sluice.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The harness runs end to end on a tiny corpus (a smoke test, not a measurement). */
class InferenceOverheadTest {

  @TempDir Path tmp;

  @Test
  void printsBareInPipelineRatioAndEndToEnd() {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    int code =
        InferenceOverhead.run(
            new String[] {
              "--rows",
              "64",
              "--model",
              "int8",
              "--threads",
              "1",
              "--batch-size",
              "16",
              "--window",
              "32",
              "--rounds",
              "1",
              "--data-dir",
              tmp.toString()
            },
            new PrintStream(bytes, true, StandardCharsets.UTF_8));

    String out = bytes.toString(StandardCharsets.UTF_8);
    assertThat(code).as(out).isZero();
    assertThat(out)
        .contains(
            "bare ORT loop, rows/s",
            "in-pipeline inference, rows/s",
            "ratio (target >= 0.95)",
            "end to end, rows/s",
            "63 non-null");
  }

  @Test
  void sameBatchesWindowsDropNullsAndSortEachWindowByLength() {
    long[] a = {1, 2, 3};
    long[] b = {1};
    long[] c = {1, 2};
    List<long[]> rows = Arrays.asList(a, null, b, c, a);
    assertThat(SameBatches.windows(rows, 3)).containsExactly(List.of(b, a), List.of(c, a));
  }

  @Test
  void tableReportsMediansAndTheMedianRatio() {
    String table =
        InferenceOverhead.table(
            List.of(new Round(100, 90, 50), new Round(200, 190, 60), new Round(110, 110, 70)));
    assertThat(table).contains(" 110.0 |", " 0.950 |", " 60.0 |");
    assertThat(Median.of(List.of(3.0, 1.0, 2.0, 10.0))).isEqualTo(2.5);
  }
}
