package com.example.zeroshot;

import io.sluice.api.PlanException;
import io.sluice.api.arrow.Batches;
import io.sluice.api.udf.BatchUdf;
import io.sluice.api.udf.UdfContext;
import io.sluice.api.udf.UdfFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float4Vector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A custom stateful UDF: scores each row's sentence embedding against the embeddings of label
 * descriptions and appends the best {@code label} (utf8) and its cosine {@code score} (float32).
 *
 * <p>The factory holds only plain values (label names and vectors), so it is immutable and
 * serializable; {@link #create} builds each actor's state once: a contiguous, re-normalised label
 * matrix that every batch is scored against. Embeddings must be L2-normalised (MiniLm's are), so a
 * dot product is the cosine. A null embedding gives a null label and score.
 */
public final class ZeroShotClassifier implements UdfFactory {

  private static final long serialVersionUID = 1L;

  private final String embeddingColumn;
  private final LinkedHashMap<String, float[]> labels;

  /** @param labels label name to the embedding of its description, all of one dimension */
  public ZeroShotClassifier(String embeddingColumn, Map<String, float[]> labels) {
    if (labels.isEmpty()) {
      throw new IllegalArgumentException("no labels");
    }
    int dim = labels.values().iterator().next().length;
    labels.forEach((name, v) -> {
      if (v.length != dim) {
        throw new IllegalArgumentException("label '" + name + "' has " + v.length + " dimensions, expected " + dim);
      }
    });
    this.embeddingColumn = embeddingColumn;
    this.labels = new LinkedHashMap<>(labels);
  }

  @Override
  public String name() {
    return "ZeroShot(" + labels.size() + " labels)";
  }

  @Override
  public Optional<Schema> outputSchema(Schema input) {
    Field f = input.getFields().stream().filter(x -> x.getName().equals(embeddingColumn)).findFirst()
        .orElseThrow(() -> new PlanException("ZeroShot: no column '" + embeddingColumn + "' in " + input));
    int dim = labels.values().iterator().next().length;
    boolean fits = f.getType() instanceof ArrowType.FixedSizeList l && l.getListSize() == dim
        && f.getChildren().get(0).getType() instanceof ArrowType.FloatingPoint fp
        && fp.getPrecision() == FloatingPointPrecision.SINGLE;
    if (!fits) {
      throw new PlanException("ZeroShot: column '" + embeddingColumn + "' is " + f.getType()
          + ", expected fixed_size_list<float32>[" + dim + "]");
    }
    List<Field> out = new ArrayList<>(input.getFields());
    out.add(Field.nullable("label", ArrowType.Utf8.INSTANCE));
    out.add(Field.nullable("score", new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE)));
    return Optional.of(new Schema(out));
  }

  @Override
  public BatchUdf create(UdfContext context) {
    String[] names = labels.keySet().toArray(String[]::new);
    int dim = labels.values().iterator().next().length;
    float[] matrix = new float[names.length * dim];
    int i = 0;
    for (float[] v : labels.values()) {
      double norm = 0;
      for (float x : v) {
        norm += x * x;
      }
      float inv = (float) (1 / Math.sqrt(norm));
      for (int d = 0; d < dim; d++) {
        matrix[i * dim + d] = v[d] * inv;
      }
      i++;
    }
    return (input, allocator) -> score(input, allocator, names, matrix, dim);
  }

  private VectorSchemaRoot score(VectorSchemaRoot input, BufferAllocator allocator, String[] names,
      float[] matrix, int dim) {
    int rows = input.getRowCount();
    FixedSizeListVector embeddings = (FixedSizeListVector) input.getVector(embeddingColumn);
    Float4Vector values = (Float4Vector) embeddings.getDataVector();
    VarCharVector label = new VarCharVector(Field.nullable("label", ArrowType.Utf8.INSTANCE), allocator);
    Float4Vector score = new Float4Vector(
        Field.nullable("score", new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE)), allocator);
    label.allocateNew(rows);
    score.allocateNew(rows);
    for (int r = 0; r < rows; r++) {
      if (embeddings.isNull(r)) {
        continue;
      }
      int base = r * dim;
      int best = 0;
      float bestScore = Float.NEGATIVE_INFINITY;
      for (int l = 0; l < names.length; l++) {
        float dot = 0;
        for (int d = 0; d < dim; d++) {
          dot += values.get(base + d) * matrix[l * dim + d];
        }
        if (dot > bestScore) {
          bestScore = dot;
          best = l;
        }
      }
      label.setSafe(r, names[best].getBytes(StandardCharsets.UTF_8));
      score.set(r, bestScore);
    }
    label.setValueCount(rows);
    score.setValueCount(rows);

    VectorSchemaRoot copy = Batches.slice(input, 0, rows, allocator);
    List<Field> fields = new ArrayList<>(copy.getSchema().getFields());
    List<FieldVector> vectors = new ArrayList<>(copy.getFieldVectors());
    fields.add(label.getField());
    fields.add(score.getField());
    vectors.add(label);
    vectors.add(score);
    return new VectorSchemaRoot(fields, vectors, rows);
  }
}
