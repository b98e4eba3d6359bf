package io.sluice.operators.vector;

import io.sluice.api.PlanException;
import io.sluice.api.udf.BatchUdf;
import io.sluice.api.udf.UdfContext;
import io.sluice.api.udf.UdfFactory;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.complex.ListVector;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Mean pooling over the attention mask (and, by default, L2 normalisation) as an operator after a
 * model that emits per-token vectors ({@link VectorColumns#tokenVectorsField}). Produces a {@code
 * fixed_size_list<float32>[dim]} column. A null token list (a null text upstream) gives a null
 * vector.
 *
 * <p>Prefer pooling fused into the model spec when you can: it avoids materialising the per-token
 * column at all. Immutable; stateless instances.
 *
 * <pre>{@code
 * ds.mapBatches(MeanPool.of("token_embeddings").into("embedding"), Compute.tasks())
 * }</pre>
 */
public final class MeanPool implements UdfFactory {

  private static final long serialVersionUID = 1L;

  private final String tokensColumn;
  private final String maskColumn;
  private final String outputColumn;
  private final boolean normalize;

  private MeanPool(String tokensColumn, String maskColumn, String outputColumn, boolean normalize) {
    this.tokensColumn = tokensColumn;
    this.maskColumn = maskColumn;
    this.outputColumn = outputColumn;
    this.normalize = normalize;
  }

  /**
   * Pools {@code tokensColumn} with mask {@code attention_mask} into {@code embedding}, normalised.
   */
  public static MeanPool of(String tokensColumn) {
    return new MeanPool(tokensColumn, "attention_mask", "embedding", true);
  }

  /** The {@code list<int64>} mask column; null means every token counts. */
  public MeanPool mask(String column) {
    return new MeanPool(tokensColumn, column, outputColumn, normalize);
  }

  public MeanPool into(String column) {
    return new MeanPool(tokensColumn, maskColumn, column, normalize);
  }

  /**
   * Whether to L2-normalise the pooled vector (default true, as sentence-transformers models do).
   */
  public MeanPool normalize(boolean enabled) {
    return new MeanPool(tokensColumn, maskColumn, outputColumn, enabled);
  }

  @Override
  public String name() {
    return "MeanPool(" + tokensColumn + ")";
  }

  @Override
  public Optional<Schema> outputSchema(Schema input) {
    int dim = tokenDim(input);
    if (maskColumn != null) {
      Field mask =
          input.getFields().stream()
              .filter(f -> f.getName().equals(maskColumn))
              .findFirst()
              .orElseThrow(
                  () ->
                      new PlanException(
                          name()
                              + ": no mask column '"
                              + maskColumn
                              + "'; input columns: "
                              + describe(input)));
      if (!(mask.getType() instanceof ArrowType.List)
          || !(mask.getChildren().get(0).getType().equals(new ArrowType.Int(64, true)))) {
        throw new PlanException(
            name()
                + ": mask column '"
                + maskColumn
                + "' must be list<int64>, is "
                + mask
                + "; input columns: "
                + describe(input));
      }
    }
    List<Field> fields = new ArrayList<>();
    for (Field f : input.getFields()) {
      if (!f.getName().equals(outputColumn)) {
        fields.add(f);
      }
    }
    fields.add(VectorColumns.vectorField(outputColumn, dim));
    return Optional.of(new Schema(fields));
  }

  private int tokenDim(Schema input) {
    Field tokens =
        input.getFields().stream()
            .filter(f -> f.getName().equals(tokensColumn))
            .findFirst()
            .orElseThrow(
                () ->
                    new PlanException(
                        name()
                            + ": no column '"
                            + tokensColumn
                            + "'; input columns: "
                            + describe(input)));
    int dim =
        tokens.getType() instanceof ArrowType.List
            ? VectorColumns.vectorDim(tokens.getChildren().get(0))
            : -1;
    if (dim < 0) {
      throw new PlanException(
          name()
              + ": column '"
              + tokensColumn
              + "' must be list<fixed_size_list<float32>[dim]> (per-token vectors), is "
              + tokens
              + "; input columns: "
              + describe(input));
    }
    return dim;
  }

  @Override
  public BatchUdf create(UdfContext context) {
    return this::apply;
  }

  private VectorSchemaRoot apply(VectorSchemaRoot input, BufferAllocator allocator) {
    ListVector tokens = (ListVector) input.getVector(tokensColumn);
    ListVector mask = maskColumn == null ? null : (ListVector) input.getVector(maskColumn);
    FixedSizeListVector vectors = (FixedSizeListVector) tokens.getDataVector();
    int dim = vectors.getListSize();
    int rows = input.getRowCount();
    FloatBuffer hidden = VectorColumns.floats(vectors.getDataVector());
    LongBuffer maskValues = mask == null ? null : longs((BigIntVector) mask.getDataVector());
    float[] out = new float[rows * dim];
    boolean[] nulls = new boolean[rows];
    for (int r = 0; r < rows; r++) {
      if (tokens.isNull(r)) {
        nulls[r] = true;
        continue;
      }
      int start = tokens.getElementStartIndex(r);
      int count = tokens.getElementEndIndex(r) - start;
      int maskStart = mask == null ? 0 : mask.getElementStartIndex(r);
      if (mask != null && (mask.isNull(r) || mask.getElementEndIndex(r) - maskStart != count)) {
        throw new IllegalArgumentException(
            name()
                + ": row "
                + r
                + " has "
                + count
                + " token vectors but its mask '"
                + maskColumn
                + "' has "
                + (mask.isNull(r) ? "null" : mask.getElementEndIndex(r) - maskStart)
                + " entries");
      }
      PoolingMath.meanPoolRow(hidden, start, count, dim, maskValues, maskStart, out, r * dim);
      if (normalize) {
        PoolingMath.l2Normalize(out, r * dim, dim);
      }
    }
    FieldVector pooled = VectorColumns.writeVectors(outputColumn, dim, out, rows, nulls, allocator);
    return ColumnAppender.replaceOrAppend(input, List.of(pooled), allocator);
  }

  static LongBuffer longs(BigIntVector v) {
    return v.getDataBuffer()
        .nioBuffer(0, v.getValueCount() * Long.BYTES)
        .order(ByteOrder.LITTLE_ENDIAN)
        .asLongBuffer();
  }

  static String describe(Schema schema) {
    List<String> parts = new ArrayList<>();
    for (Field f : schema.getFields()) {
      parts.add(f.getName() + ": " + f.getType());
    }
    return parts.toString();
  }
}
