package io.sluice.operators.core;

import io.sluice.api.OperatorException;
import io.sluice.api.Row;
import io.sluice.api.SluiceException;
import io.sluice.api.arrow.SerializableSchema;
import io.sluice.api.row.RowBatchWriter;
import io.sluice.api.row.SchemaInference;
import java.io.Serializable;
import java.util.ArrayList;
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
    try (Writer w = writer(allocator, rows.size())) {
      rows.forEach(w::add);
      return w.finish();
    }
  }

  /** A writer of one output batch of about {@code expectedRows} rows. */
  Writer writer(BufferAllocator allocator, int expectedRows) {
    return new Writer(allocator, expectedRows);
  }

  /**
   * One output batch, written row by row. With the schema known (declared, or inferred by an
   * earlier batch) each row goes straight into Arrow; before that, the rows are kept until {@link
   * #finish} infers the schema from all of them. Call order: {@link #add}*, {@link #finish} once,
   * {@link #close} always. Not thread-safe.
   */
  final class Writer implements AutoCloseable {

    private final BufferAllocator allocator;
    private final int expectedRows;
    private List<Row> pending;
    private RowBatchWriter out;
    private boolean inferredHere;

    private Writer(BufferAllocator allocator, int expectedRows) {
      this.allocator = allocator;
      this.expectedRows = expectedRows;
      Schema schema = current();
      if (schema == null) {
        pending = new ArrayList<>();
      } else {
        out = open(schema);
      }
    }

    void add(Row row) {
      if (out == null) {
        pending.add(row);
        return;
      }
      try {
        out.add(row);
      } catch (SluiceException e) {
        throw misfit(e);
      }
    }

    VectorSchemaRoot finish() {
      if (out == null) {
        if (pending.isEmpty()) {
          return VectorSchemaRoot.create(new Schema(List.of()), allocator);
        }
        out = open(infer(pending));
        List<Row> rows = pending;
        pending = null;
        rows.forEach(this::add);
      }
      return out.finish();
    }

    @Override
    public void close() {
      if (out != null) {
        out.close();
      }
    }

    private RowBatchWriter open(Schema schema) {
      try {
        return new RowBatchWriter(schema, allocator, expectedRows);
      } catch (SluiceException e) {
        throw misfit(e);
      }
    }

    private Schema infer(List<Row> rows) {
      try {
        Schema mine = SchemaInference.infer(rows);
        Schema schema = slot().compareAndSet(null, mine) ? mine : slot().get();
        inferredHere = schema == mine;
        return schema;
      } catch (SluiceException e) {
        throw new OperatorException(
            label,
            "cannot infer the output schema from its first output rows: "
                + e.getMessage()
                + "; declare the output schema",
            e);
      }
    }

    private OperatorException misfit(SluiceException e) {
      String origin =
          declared != null
              ? "its declared output schema"
              : inferredHere
                  ? "the schema inferred from them"
                  : "the output schema inferred from its first output rows";
      return new OperatorException(
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
