package io.sluice.api;

import io.sluice.api.plan.AggregateNode;
import java.util.List;
import java.util.function.Function;

/**
 * A dataset grouped by key columns ({@link Dataset#groupBy}), waiting for its aggregates. Like Ray
 * Data's {@code GroupedData}: {@link #aggregate} turns it back into a dataset of one row per group.
 *
 * <pre>{@code
 * ds.groupBy("category").aggregate(Aggregate.count(), Aggregate.mean("score"));
 * }</pre>
 */
public final class GroupedDataset {

  private final Dataset input;
  private final List<String> keys;
  private final Function<AggregateNode, Dataset> wrap;

  GroupedDataset(Dataset input, List<String> keys, Function<AggregateNode, Dataset> wrap) {
    this.input = input;
    this.keys = List.copyOf(keys);
    this.wrap = wrap;
  }

  /** The grouping columns. */
  public List<String> keys() {
    return keys;
  }

  /**
   * One row per group: the key columns, then each aggregate, in the order given (all-to-all: waits
   * for the whole input, hash-partitions it by key and spills what exceeds the memory budget).
   * Groups come out in no particular order; sort the result for one.
   */
  public Dataset aggregate(Aggregate... aggregates) {
    return wrap.apply(new AggregateNode(input.plan(), keys, List.of(aggregates)));
  }

  /** Rows per group, in column {@code count()}. */
  public Dataset count() {
    return aggregate(Aggregate.count());
  }
}
