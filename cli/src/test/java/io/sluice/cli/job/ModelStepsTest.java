package io.sluice.cli.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.sluice.api.Compute;
import io.sluice.api.ExecutionOptions;
import io.sluice.api.Row;
import io.sluice.api.Sluice;
import io.sluice.api.spi.WriteOptions;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The model steps of job files run real ONNX models: {@code onnx} + {@code mean_pool} + {@code
 * normalize} on MiniLM's file reproduce the {@code embed} step, and {@code classify} / {@code
 * score} on a linear model written here give the arg max and the logits computed in Java. Their
 * errors name line and key.
 */
class ModelStepsTest {

  private static final Schema TEXTS =
      new Schema(
          List.of(
              new Field("id", FieldType.notNullable(new ArrowType.Int(64, true)), null),
              new Field("text", FieldType.nullable(ArrowType.Utf8.INSTANCE), null)));

  @TempDir Path tmp;

  private Path corpus(int rows) {
    Path dir = tmp.resolve("in");
    try (Sluice sluice = Sluice.local(ExecutionOptions.builder().progress(false).build())) {
      sluice
          .range(rows)
          .map(
              r -> {
                long id = r.getLong("id");
                return Row.of(
                    "id",
                    id,
                    "text",
                    id % 7 == 3 ? null : "sentence " + id + " about rivers and sluice gates");
              },
              Compute.tasks(),
              TEXTS)
          .writeParquet(dir.toString(), WriteOptions.defaults());
    }
    return dir;
  }

  private static List<Row> run(String yaml) {
    ResolvedJob job =
        JobFiles.parse(
            "job.yaml", yaml, LocalDate.parse("2026-12-01"), Map.of(), Clock.systemUTC());
    try (Sluice sluice = Sluice.local(job.spec().execution().options(false))) {
      return new PipelineBuilder("job.yaml", ModelStepsTest.class.getClassLoader())
          .build(sluice, job.spec(), Map.of())
          .takeAll();
    }
  }

  private Path miniLmFile() throws Exception {
    Path file = tmp.resolve("minilm.onnx");
    try (InputStream in =
        ModelStepsTest.class.getClassLoader().getResourceAsStream("all-minilm-l6-v2.onnx")) {
      assertThat(in).as("sluice-models-minilm on the test class path").isNotNull();
      Files.copy(in, file);
    }
    return file;
  }

  @Test
  void onnxThenMeanPoolThenNormalizeEqualsTheEmbedStep() throws Exception {
    Path in = corpus(40);
    List<Row> rows =
        run(
            """
        version: 1
        name: steps
        source: {format: parquet, paths: "%s"}
        steps:
          - tokenize: {column: text}
          - onnx:
              model: "%s"
              inputs: [input_ids, attention_mask, token_type_ids]
              outputs: {last_hidden_state: tokens}
              batch_size: 8
              window: 16
          - mean_pool: {column: tokens, into: pooled, normalize: false}
          - normalize: pooled
          - embed: {batch_size: 8, window: 16}
          - select: [id, text, pooled, embedding]
        sink: {format: parquet, path: out}
        """
                .formatted(in, miniLmFile()));
    assertThat(rows).hasSize(40);
    for (Row r : rows) {
      if (r.get("text") == null) {
        assertThat(r.get("pooled")).as("null text, row %s", r.get("id")).isNull();
        continue;
      }
      float[] a = r.getFloats("pooled");
      float[] b = r.getFloats("embedding");
      assertThat(a).hasSize(384);
      assertThat(dot(a, a)).as("normalised").isCloseTo(1.0, Offset.offset(1e-4));
      assertThat(dot(a, b)).as("cosine to embed, row %s", r.get("id")).isGreaterThan(0.9999);
    }
  }

  @Test
  void classifyAndScoreRunALinearModelOnTheEmbeddings() throws Exception {
    Random random = new Random(7);
    float[][] w = new float[384][3];
    for (float[] row : w) {
      for (int c = 0; c < 3; c++) {
        row[c] = (float) random.nextGaussian();
      }
    }
    Path model = LinearOnnx.write(tmp.resolve("linear.onnx"), w);
    List<Row> rows =
        run(
            """
        version: 1
        name: steps
        source: {format: parquet, paths: "%s"}
        steps:
          - tokenize: {column: text}
          - embed: {batch_size: 8, window: 16}
          - score: {model: "%s", inputs: {features: embedding}, column: logits_copy, length_aware: false}
          - classify:
              model: "%s"
              inputs: {features: embedding}
              labels: [river, gate, other]
              column: topic
              length_aware: false
        sink: {format: parquet, path: out}
        """
                .formatted(corpus(30), model, model));
    assertThat(rows).hasSize(30);
    assertThat(rows.get(0).names())
        .contains("topic", "topic_score", "logits_copy")
        .doesNotContain("topic_logits");
    int nonNull = 0;
    for (Row r : rows) {
      if (r.get("text") == null) {
        assertThat(r.get("topic")).isNull();
        continue;
      }
      nonNull++;
      float[] e = r.getFloats("embedding");
      double[] logits = new double[3];
      for (int c = 0; c < 3; c++) {
        for (int d = 0; d < 384; d++) {
          logits[c] += e[d] * w[d][c];
        }
      }
      float[] scored = r.getFloats("logits_copy");
      int best = 0;
      double z = 0;
      for (int c = 0; c < 3; c++) {
        assertThat((double) scored[c]).isCloseTo(logits[c], Offset.offset(1e-3));
        best = logits[c] > logits[best] ? c : best;
      }
      for (int c = 0; c < 3; c++) {
        z += Math.exp(logits[c] - logits[best]);
      }
      assertThat(r.get("topic"))
          .as("row %s", r.get("id"))
          .isEqualTo(List.of("river", "gate", "other").get(best));
      assertThat(((Number) r.get("topic_score")).doubleValue())
          .isCloseTo(1 / z, Offset.offset(1e-4));
    }
    assertThat(nonNull).isGreaterThan(20);
  }

  @Test
  void modelStepErrorsNameLineAndKey() {
    String head = "version: 1\nname: steps\nsource: {format: parquet, paths: in}\nsteps:\n";
    String tail = "sink: {format: parquet, path: out}\n";
    JobFileException noInputs =
        problem(head + "  - onnx: {model: m.onnx, outputs: {logits: s}}\n" + tail);
    assertThat(noInputs.problems())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.line()).isEqualTo(5);
              assertThat(p.key()).isEqualTo("steps[0].onnx.inputs");
              assertThat(p.message()).contains("missing");
            });
    JobFileException noOutput =
        problem(
            head
                + "  - tokenize: {column: text}\n  - onnx:\n      model: m.onnx\n"
                + "      inputs: [input_ids]\n"
                + tail);
    assertThat(noOutput.problems())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.line()).isEqualTo(6);
              assertThat(p.key()).isEqualTo("steps[1].onnx");
              assertThat(p.message()).contains("outputs").contains("mean_pooled");
            });
    JobFileException labels =
        problem(
            head
                + "  - classify:\n      model: m.onnx\n      inputs: [x]\n"
                + "      labels: positive\n"
                + tail);
    assertThat(labels.problems())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.line()).isEqualTo(8);
              assertThat(p.key()).isEqualTo("steps[0].classify.labels");
              assertThat(p.message()).contains("string").contains("array");
            });
    JobFileException pool = problem(head + "  - mean_pool: {column: t, normalise: true}\n" + tail);
    assertThat(pool.problems())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.key()).isEqualTo("steps[0].mean_pool.normalise");
              assertThat(p.message()).contains("unknown key 'normalise'").contains("normalize");
            });
  }

  @Test
  void aMissingModelFileNamesTheStep() {
    JobFileException e =
        catchThrowableOfType(
            JobFileException.class,
            () ->
                run(
                    """
        version: 1
        name: steps
        source: {format: parquet, paths: "%s"}
        steps:
          - tokenize: {column: text}
          - score: {model: no/such/model.onnx, inputs: [input_ids]}
        sink: {format: parquet, path: out}
        """
                        .formatted(corpus(3))));
    assertThat(e.problems())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.line()).isEqualTo(6);
              assertThat(p.key()).isEqualTo("steps[1].score");
              assertThat(p.message()).contains("model.onnx").contains("does not exist");
            });
  }

  private static JobFileException problem(String yaml) {
    return catchThrowableOfType(
        JobFileException.class,
        () ->
            JobFiles.parse(
                "job.yaml", yaml, LocalDate.parse("2026-12-01"), Map.of(), Clock.systemUTC()));
  }

  private static double dot(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }
}
