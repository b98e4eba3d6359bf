package io.sluice.operators.core;

import io.sluice.api.udf.BatchUdf;
import io.sluice.api.udf.UdfContext;
import io.sluice.api.udf.UdfFactory;
import java.util.Optional;
import org.apache.arrow.vector.types.pojo.Schema;

/** {@code mapBatches}: the user's own UDF, each instance wrapped in a {@link CheckedUdf}. */
final class MapBatchesStage extends StageFactory {

  private static final long serialVersionUID = 1L;

  private final UdfFactory udf;

  MapBatchesStage(String label, UdfFactory udf) {
    super(udf.name(), label);
    this.udf = udf;
  }

  @Override
  public Optional<Schema> outputSchema(Schema input) {
    return udf.outputSchema(input);
  }

  @Override
  public BatchUdf create(UdfContext context) throws Exception {
    BatchUdf inner;
    try {
      inner = udf.create(context);
    } catch (Exception | LinkageError e) {
      throw StageErrors.wrap(label(), "could not create its UDF instance for " + context, e);
    }
    return new CheckedUdf(label(), udf, inner);
  }
}
