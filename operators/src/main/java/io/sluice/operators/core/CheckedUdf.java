package io.sluice.operators.core;

import io.sluice.api.DeterministicException;
import io.sluice.api.OperatorException;
import io.sluice.api.arrow.Batches;
import io.sluice.api.udf.BatchUdf;
import io.sluice.api.udf.UdfFactory;
import java.util.Map;
import java.util.Optional;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Runs a user batch UDF and checks what it returns: every non-empty batch must have the declared
 * output schema ({@link UdfFactory#outputSchema}, asked once per instance on the first input's
 * schema) or, when none is declared, the schema of the first non-empty batch. Zero-row batches are
 * not checked (they carry no data). Exceptions become {@link OperatorException}s naming the stage.
 * On any failure the output is closed unless it is the caller's input.
 */
final class CheckedUdf implements BatchUdf {

  private final String label;
  private final UdfFactory factory;
  private final BatchUdf inner;
  private Schema expected;
  private boolean declared;
  private boolean resolved;

  CheckedUdf(String label, UdfFactory factory, BatchUdf inner) {
    this.label = label;
    this.factory = factory;
    this.inner = inner;
  }

  @Override
  public VectorSchemaRoot apply(VectorSchemaRoot input, BufferAllocator allocator) {
    if (!resolved) {
      Optional<Schema> d = declaredFor(input.getSchema());
      declared = d.isPresent();
      expected = d.orElse(null);
      resolved = true;
    }
    VectorSchemaRoot out;
    try {
      out = inner.apply(input, allocator);
    } catch (Exception | LinkageError | AssertionError | StackOverflowError e) {
      throw StageErrors.wrap(label, "failed on a batch of " + input.getRowCount() + " rows", e);
    }
    if (out == null) {
      throw new OperatorException(
          label, "returned null instead of a batch (return the input for no change)", null);
    }
    if (out.getRowCount() > 0) {
      check(input, out);
    }
    return out;
  }

  private Optional<Schema> declaredFor(Schema input) {
    try {
      return factory.outputSchema(input);
    } catch (RuntimeException e) {
      throw StageErrors.wrap(label, "does not accept input schema " + input, e);
    }
  }

  private void check(VectorSchemaRoot input, VectorSchemaRoot out) {
    Schema actual = out.getSchema();
    if (expected == null) {
      expected = actual;
      return;
    }
    if (!Batches.sameFields(actual, expected)) {
      if (out != input) {
        out.close();
      }
      // A schema mismatch is not retried: the same input gives the same batch
      // (DeterministicException).
      String msg =
          "returned a batch with schema "
              + actual
              + " but "
              + (declared ? "declared " : "its first batch had ")
              + expected;
      throw new OperatorException(label, msg, new DeterministicException(msg));
    }
  }

  @Override
  public Map<String, Long> counters() {
    return inner.counters();
  }

  @Override
  public void close() throws Exception {
    inner.close();
  }
}
