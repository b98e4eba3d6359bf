package io.sluice.operators.core;

import io.sluice.api.udf.BatchUdf;
import io.sluice.api.udf.UdfContext;
import io.sluice.api.udf.UdfFactory;
import java.util.Optional;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Base of the factories {@link MapStages} builds: a stage name plus a label for errors. The label
 * is the name alone, or {@code "Filter (stage 2 of Map->Filter)"} for a fused stage, so an error
 * points at the right stage of a fused operator. Immutable.
 */
abstract class StageFactory implements UdfFactory {

  private static final long serialVersionUID = 1L;

  private final String name;
  private final String label;

  StageFactory(String name, String label) {
    this.name = name;
    this.label = label == null ? name : label;
  }

  @Override
  public String name() {
    return name;
  }

  /** The name used in errors. */
  String label() {
    return label;
  }

  @Override
  public abstract BatchUdf create(UdfContext context) throws Exception;

  @Override
  public abstract Optional<Schema> outputSchema(Schema input);
}
