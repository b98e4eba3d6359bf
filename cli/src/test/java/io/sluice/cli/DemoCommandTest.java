package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.api.ExecutionOptions;
import io.sluice.api.Row;
import io.sluice.api.Sluice;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sluice demo} end to end, in process, on a tiny corpus with the int8 model. */
class DemoCommandTest {

  @TempDir Path tmp;

  @Test
  void embedsTheGeneratedCorpusIntoUnitVectorsWithNullsForNullTexts() {
    Path out = tmp.resolve("out");
    CliRun run =
        CliRun.of(
            "demo",
            "--rows",
            "200",
            "--model",
            "int8",
            "--batch-size",
            "32",
            "--cpus-per-actor",
            "1",
            "--data-dir",
            tmp.resolve("data").toString(),
            "--output",
            out.toString(),
            "--no-progress");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("rows/s:", "peak Arrow", "peak JVM RSS", "Onnx(", "Tokenize(text)");
    assertThat(out.resolve("_SUCCESS")).isRegularFile();

    try (Sluice sluice = Sluice.local(ExecutionOptions.builder().progress(false).build())) {
      List<Row> rows = sluice.readParquet(out.toString()).takeAll();
      assertThat(rows).hasSize(200);
      assertThat(rows.get(0).names()).containsExactly("id", "text", "embedding");
      assertThat(rows.stream().map(r -> r.getLong("id"))).doesNotHaveDuplicates();
      long nulls = 0;
      for (Row r : rows) {
        if (r.get("text") == null) {
          nulls++;
          assertThat(r.get("embedding")).as("row %s", r.get("id")).isNull();
        } else {
          float[] v = r.getFloats("embedding");
          assertThat(v).hasSize(384);
          assertThat(norm(v)).as("row %s", r.get("id")).isCloseTo(1.0, Offset.offset(1e-4));
        }
      }
      assertThat(nulls).as("the generated corpus has about 1% null texts").isPositive();
    }
  }

  @Test
  void reusesACommittedCorpusAndRefusesAnExistingOutputWithoutOverwrite() throws Exception {
    Path data = tmp.resolve("data");
    Path out = tmp.resolve("out");
    String[] args = {
      "demo",
      "--rows",
      "40",
      "--model",
      "int8",
      "--cpus-per-actor",
      "1",
      "--data-dir",
      data.toString(),
      "--output",
      out.toString(),
      "--no-progress"
    };
    assertThat(CliRun.of(args).exitCode()).isZero();

    CliRun again = CliRun.of(args);
    assertThat(again.out()).contains("reused");
    assertThat(again.exitCode()).isEqualTo(1);
    assertThat(again.err()).contains(out.getFileName().toString()).doesNotContain("\tat ");

    String[] overwrite = Arrays.copyOf(args, args.length + 1);
    overwrite[args.length] = "--overwrite";
    assertThat(CliRun.of(overwrite).exitCode()).isZero();
    assertThat(Files.list(data).count()).isEqualTo(1);
  }

  private static double norm(float[] v) {
    double s = 0;
    for (float x : v) {
      s += x * x;
    }
    return Math.sqrt(s);
  }
}
