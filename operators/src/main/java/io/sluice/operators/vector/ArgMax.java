package io.sluice.operators.vector;

import io.sluice.api.PlanException;
import io.sluice.api.udf.BatchUdf;
import io.sluice.api.udf.UdfContext;
import io.sluice.api.udf.UdfFactory;
import java.nio.FloatBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.IntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A classifier's head after a model that emits one logit per class ({@code
 * fixed_size_list<float32>[classes]}): the winning class as column {@code into} (its label, utf8,
 * when labels are given; else its index, int32) and its softmax probability as {@code into +
 * "_score"} (float32). The logits column is dropped unless {@link #keepLogits}. Null rows give null
 * label and score. Immutable; stateless instances.
 *
 * <pre>{@code
 * ds.mapBatches(ArgMax.of("logits").labels("negative", "positive").into("sentiment"), Compute.tasks())
 * }</pre>
 */
public final class ArgMax implements UdfFactory {

  private static final long serialVersionUID = 1L;

  /** Suffix of the probability column. */
  public static final String SCORE_SUFFIX = "_score";

  private final String logits;
  private final List<String> labels;
  private final String into;
  private final boolean keepLogits;

  private ArgMax(String logits, List<String> labels, String into, boolean keepLogits) {
    this.logits = logits;
    this.labels = List.copyOf(labels);
    this.into = into;
    this.keepLogits = keepLogits;
  }

  /** The arg max of column {@code logits} into column {@code label} (indices, logits dropped). */
  public static ArgMax of(String logits) {
    return new ArgMax(logits, List.of(), "label", false);
  }

  /** Names of the classes in logit order; the label column then holds these instead of indices. */
  public ArgMax labels(String... names) {
    return new ArgMax(logits, List.of(names), into, keepLogits);
  }

  public ArgMax into(String column) {
    return new ArgMax(logits, labels, column, keepLogits);
  }

  /** Whether the logits column stays in the output (default false). */
  public ArgMax keepLogits(boolean keep) {
    return new ArgMax(logits, labels, into, keep);
  }

  @Override
  public String name() {
    return "ArgMax(" + logits + ")";
  }

  @Override
  public Optional<Schema> outputSchema(Schema input) {
    Field f =
        input.getFields().stream()
            .filter(x -> x.getName().equals(logits))
            .findFirst()
            .orElseThrow(
                () ->
                    new PlanException(
                        name()
                            + ": no column '"
                            + logits
                            + "'; input columns: "
                            + MeanPool.describe(input)));
    int classes = VectorColumns.vectorDim(f);
    if (classes < 0) {
      throw new PlanException(
          name()
              + ": column '"
              + logits
              + "' must be fixed_size_list<float32>[classes] (a"
              + " model output of shape [batch, classes]), is "
              + f
              + "; input columns: "
              + MeanPool.describe(input));
    }
    if (into.equals(logits) || (into + SCORE_SUFFIX).equals(logits)) {
      throw new PlanException(
          name() + ": the label column '" + into + "' must not be named like the logits");
    }
    if (!labels.isEmpty() && labels.size() != classes) {
      throw new PlanException(
          name()
              + ": "
              + labels.size()
              + " labels given for "
              + classes
              + " classes in '"
              + logits
              + "'");
    }
    // as ColumnAppender.replaceOrAppend builds it: existing columns of those names replaced in
    // place
    List<Field> fields = new ArrayList<>();
    boolean hasLabel = false;
    boolean hasScore = false;
    for (Field x : input.getFields()) {
      if (x.getName().equals(into)) {
        fields.add(labelField());
        hasLabel = true;
      } else if (x.getName().equals(into + SCORE_SUFFIX)) {
        fields.add(scoreField());
        hasScore = true;
      } else if (keepLogits || !x.getName().equals(logits)) {
        fields.add(x);
      }
    }
    if (!hasLabel) {
      fields.add(labelField());
    }
    if (!hasScore) {
      fields.add(scoreField());
    }
    return Optional.of(new Schema(fields));
  }

  private Field labelField() {
    return new Field(
        into,
        FieldType.nullable(
            labels.isEmpty() ? new ArrowType.Int(32, true) : ArrowType.Utf8.INSTANCE),
        null);
  }

  private Field scoreField() {
    return new Field(
        into + SCORE_SUFFIX,
        FieldType.nullable(new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE)),
        null);
  }

  @Override
  public BatchUdf create(UdfContext context) {
    return this::apply;
  }

  private VectorSchemaRoot apply(VectorSchemaRoot input, BufferAllocator allocator) {
    FixedSizeListVector in = (FixedSizeListVector) input.getVector(logits);
    int k = in.getListSize();
    int rows = input.getRowCount();
    FloatBuffer values = VectorColumns.floats(in.getDataVector());
    List<FieldVector> added = new ArrayList<>(2);
    FieldVector label = labelField().createVector(allocator);
    added.add(label);
    Float4Vector score = (Float4Vector) scoreField().createVector(allocator);
    added.add(score);
    try {
      label.setInitialCapacity(rows);
      label.allocateNew();
      score.allocateNew(rows);
      for (int r = 0; r < rows; r++) {
        if (in.isNull(r)) {
          label.setNull(r);
          score.setNull(r);
          continue;
        }
        int best = 0;
        float max = values.get(r * k);
        for (int c = 1; c < k; c++) {
          float v = values.get(r * k + c);
          if (v > max) {
            max = v;
            best = c;
          }
        }
        double sum = 0; // softmax with the max subtracted, so large logits do not overflow
        for (int c = 0; c < k; c++) {
          sum += Math.exp(values.get(r * k + c) - max);
        }
        score.set(r, (float) (1.0 / sum));
        if (label instanceof IntVector iv) {
          iv.set(r, best);
        } else {
          ((VarCharVector) label).setSafe(r, labels.get(best).getBytes(StandardCharsets.UTF_8));
        }
      }
      label.setValueCount(rows);
      score.setValueCount(rows);
    } catch (RuntimeException e) {
      added.forEach(FieldVector::close);
      throw e;
    }
    VectorSchemaRoot out = ColumnAppender.replaceOrAppend(input, added, allocator);
    if (keepLogits) {
      return out;
    }
    List<FieldVector> kept = new ArrayList<>();
    for (FieldVector v : out.getFieldVectors()) {
      if (v.getName().equals(logits)) {
        v.close();
      } else {
        kept.add(v);
      }
    }
    return new VectorSchemaRoot(kept.stream().map(FieldVector::getField).toList(), kept, rows);
  }
}
