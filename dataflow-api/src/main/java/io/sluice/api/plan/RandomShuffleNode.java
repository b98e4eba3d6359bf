package io.sluice.api.plan;

import java.util.List;
import java.util.Optional;
import org.apache.arrow.vector.types.pojo.Schema;

/** All-to-all: a random permutation of the rows, the same for the same seed and input order. */
public record RandomShuffleNode(LogicalNode input, long seed) implements LogicalNode {

  @Override
  public List<LogicalNode> inputs() {
    return List.of(input);
  }

  @Override
  public LogicalNode withInputs(List<LogicalNode> inputs) {
    return new RandomShuffleNode(inputs.get(0), seed);
  }

  @Override
  public String name() {
    return "RandomShuffle";
  }

  @Override
  public Optional<Schema> schema() {
    return input.schema();
  }

  @Override
  public String toString() {
    return "RandomShuffle[seed=" + seed + "]";
  }
}
