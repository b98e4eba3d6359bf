package io.sluice.api.plan.rules;

import io.sluice.api.plan.LimitNode;
import io.sluice.api.plan.LogicalNode;
import io.sluice.api.plan.MapNode;
import io.sluice.api.plan.ReadNode;
import io.sluice.api.spi.SupportsLimit;
import java.util.Optional;

/**
 * Moves a limit towards the source: below row-preserving maps (select, rename, row map), merges
 * nested limits, and pushes it into a source that can stop early. The limit node itself stays above
 * the read, because sources may return a few more rows than asked (a whole row group).
 */
public final class PushLimitDown implements OptimizerRule {

  @Override
  public Optional<LogicalNode> rewrite(LogicalNode node) {
    if (!(node instanceof LimitNode limit)) {
      return Optional.empty();
    }
    LogicalNode in = limit.input();
    if (in instanceof LimitNode inner) {
      return Optional.of(new LimitNode(inner.input(), Math.min(limit.limit(), inner.limit())));
    }
    if (in instanceof MapNode map && map.preservesRows()) {
      return Optional.of(map.withInput(new LimitNode(map.input(), limit.limit())));
    }
    if (in instanceof ReadNode read
        && read.source() instanceof SupportsLimit s
        && (read.pushedLimit() < 0 || read.pushedLimit() > limit.limit())) {
      return Optional.of(
          new LimitNode(new ReadNode(s.withLimit(limit.limit()), limit.limit()), limit.limit()));
    }
    return Optional.empty();
  }
}
