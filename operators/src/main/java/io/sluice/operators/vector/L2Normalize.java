package io.sluice.operators.vector;

import io.sluice.api.PlanException;
import io.sluice.api.udf.BatchUdf;
import io.sluice.api.udf.UdfContext;
import io.sluice.api.udf.UdfFactory;
import java.nio.FloatBuffer;
import java.util.List;
import java.util.Optional;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.complex.FixedSizeListVector;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * L2-normalises a {@code fixed_size_list<float32>[dim]} column, replacing it in place (same name,
 * same position). Null rows stay null; a zero vector stays zero. Stateless.
 */
public final class L2Normalize implements UdfFactory {

  private static final long serialVersionUID = 1L;

  private final String column;

  private L2Normalize(String column) {
    this.column = column;
  }

  public static L2Normalize column(String column) {
    return new L2Normalize(column);
  }

  @Override
  public String name() {
    return "L2Normalize(" + column + ")";
  }

  @Override
  public Optional<Schema> outputSchema(Schema input) {
    Field f =
        input.getFields().stream()
            .filter(x -> x.getName().equals(column))
            .findFirst()
            .orElseThrow(
                () ->
                    new PlanException(
                        name()
                            + ": no column '"
                            + column
                            + "'; input columns: "
                            + MeanPool.describe(input)));
    if (VectorColumns.vectorDim(f) < 0) {
      throw new PlanException(
          name()
              + ": column '"
              + column
              + "' must be fixed_size_list<float32>[dim], is "
              + f
              + "; input columns: "
              + MeanPool.describe(input));
    }
    return Optional.of(input);
  }

  @Override
  public BatchUdf create(UdfContext context) {
    return this::apply;
  }

  private VectorSchemaRoot apply(VectorSchemaRoot input, BufferAllocator allocator) {
    FixedSizeListVector in = (FixedSizeListVector) input.getVector(column);
    int dim = in.getListSize();
    int rows = input.getRowCount();
    FloatBuffer src = VectorColumns.floats(in.getDataVector());
    float[] values = new float[rows * dim];
    src.get(0, values, 0, Math.min(values.length, src.limit()));
    boolean[] nulls = new boolean[rows];
    for (int r = 0; r < rows; r++) {
      nulls[r] = in.isNull(r);
      if (!nulls[r]) {
        PoolingMath.l2Normalize(values, r * dim, dim);
      }
    }
    var out = VectorColumns.writeVectors(column, dim, values, rows, nulls, allocator);
    return ColumnAppender.replaceOrAppend(input, List.of(out), allocator);
  }
}
