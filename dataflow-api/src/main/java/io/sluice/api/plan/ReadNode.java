package io.sluice.api.plan;

import io.sluice.api.spi.Datasource;
import java.util.List;
import java.util.Optional;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Reads a {@link Datasource}. {@code pushedLimit} is the row limit already pushed into the source
 * (-1 when none), so the limit rule does not apply twice.
 */
public record ReadNode(Datasource source, long pushedLimit) implements LogicalNode {

  public ReadNode(Datasource source) {
    this(source, -1);
  }

  @Override
  public List<LogicalNode> inputs() {
    return List.of();
  }

  @Override
  public LogicalNode withInputs(List<LogicalNode> inputs) {
    if (!inputs.isEmpty()) {
      throw new IllegalArgumentException("a read has no inputs");
    }
    return this;
  }

  @Override
  public String name() {
    return source.name();
  }

  @Override
  public Optional<Schema> schema() {
    return source.isEmpty() ? Optional.empty() : Optional.of(source.schema());
  }

  @Override
  public String toString() {
    return "Read[" + source + (pushedLimit >= 0 ? ", limit=" + pushedLimit : "") + "]";
  }
}
