package io.sluice.api.plan;

import java.util.List;
import java.util.Optional;
import org.apache.arrow.vector.types.pojo.Schema;

/** All-to-all: the rows, in order, cut into {@code partitions} partitions of equal row counts. */
public record RepartitionNode(LogicalNode input, int partitions) implements LogicalNode {

  public RepartitionNode {
    if (partitions < 1) {
      throw new IllegalArgumentException(
          "repartition needs at least 1 partition, got " + partitions);
    }
  }

  @Override
  public List<LogicalNode> inputs() {
    return List.of(input);
  }

  @Override
  public LogicalNode withInputs(List<LogicalNode> inputs) {
    return new RepartitionNode(inputs.get(0), partitions);
  }

  @Override
  public String name() {
    return "Repartition";
  }

  @Override
  public Optional<Schema> schema() {
    return input.schema();
  }

  @Override
  public String toString() {
    return "Repartition[" + partitions + "]";
  }
}
