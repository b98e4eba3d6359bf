package io.sluice.api.plan.rules;

import io.sluice.api.plan.LimitNode;
import io.sluice.api.plan.LogicalNode;
import io.sluice.api.plan.ReadNode;
import io.sluice.api.plan.SelectNode;
import io.sluice.api.spi.SupportsProjection;
import java.util.Optional;

/**
 * {@code select} directly over a read of a projectable source becomes a read of only those columns,
 * so unselected columns are never decoded. A select over a limit moves below it first (both are
 * row-preserving) when that puts it on a projectable read, so {@code limit(n).select(...)} is
 * pushed as well.
 */
public final class PushProjectionIntoRead implements OptimizerRule {

  @Override
  public Optional<LogicalNode> rewrite(LogicalNode node) {
    if (!(node instanceof SelectNode select)) {
      return Optional.empty();
    }
    if (select.input() instanceof ReadNode read
        && read.source() instanceof SupportsProjection p
        && !read.source().isEmpty()) {
      select.project(read.source().schema()); // fails with the column list when a column is missing
      return Optional.of(new ReadNode(p.withColumns(select.columns()), read.pushedLimit()));
    }
    if (select.input() instanceof LimitNode limit
        && limit.input() instanceof ReadNode read
        && read.source() instanceof SupportsProjection) {
      // Only when the select then lands on the read: PushLimitDown moves limits below selects, and
      // swapping back in general would undo it forever.
      return Optional.of(new LimitNode(select.withInput(limit.input()), limit.limit()));
    }
    return Optional.empty();
  }
}
