package io.sluice.operators.core;

import io.sluice.api.OperatorException;
import io.sluice.api.Row;
import io.sluice.api.SluiceException;
import io.sluice.api.arrow.SerializableSchema;
import io.sluice.api.row.RowBatchBuilder;
import io.sluice.api.row.SchemaInference;
import java.io.Serializable;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The output schema of a row stage (map, flatMap) and the writing of its output rows. The schema is
 * the declared one or, without one, inferred from the first non-empty output and then fixed: the
 * first instance to infer wins and every instance of the same factory (in this JVM) uses it, so all
 * the operator's batches share one schema whichever worker ran them. A later row that does not fit
 * is an {@link OperatorException} naming the stage and the row.
 */
final class RowOutputSchema implements Serializable {

  private static final long serialVersionUID = 1L;

  private final String label;
  private final SerializableSchema declared;
  private transient AtomicReference<Schema> inferred;

  RowOutputSchema(String label, Schema declared) {
    this.label = label;
    this.declared = SerializableSchema.of(declared);
  }

  Schema declared() {
    return declared == null ? null : declared.get();
  }

  /** The output schema if known yet. */
  Schema current() {
    return declared != null ? declared.get() : slot().get();
  }

  private synchronized AtomicReference<Schema> slot() {
    if (inferred == null) {
      inferred = new AtomicReference<>();
    }
    return inferred;
  }

  /**
   * Writes {@code rows} as a batch. With no rows and no known schema yet, the batch has no columns
   * (callers drop zero-row batches).
   */
  VectorSchemaRoot write(List<Row> rows, BufferAllocator allocator) {
    Schema schema = current();
    boolean inferredHere = false;
    if (schema == null) {
      if (rows.isEmpty()) {
        return VectorSchemaRoot.create(new Schema(List.of()), allocator);
      }
      try {
        Schema mine = SchemaInference.infer(rows);
        schema = slot().compareAndSet(null, mine) ? mine : slot().get();
        inferredHere = schema == mine;
      } catch (SluiceException e) {
        throw new OperatorException(
            label,
            "cannot infer the output schema from its first output rows: "
                + e.getMessage()
                + "; declare the output schema",
            e);
      }
    }
    try {
      return RowBatchBuilder.build(schema, rows, allocator);
    } catch (SluiceException e) {
      String origin =
          declared != null
              ? "its declared output schema"
              : inferredHere
                  ? "the schema inferred from them"
                  : "the output schema inferred from its first output rows";
      throw new OperatorException(
          label,
          "an output row does not fit "
              + origin
              + " (declare the output"
              + " schema to control the types): "
              + e.getMessage(),
          e);
    }
  }
}
