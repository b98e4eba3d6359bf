package io.sluice.api.plan.rules;

import io.sluice.api.plan.LogicalNode;
import java.util.Optional;

/**
 * One rewrite of the logical plan. {@link #rewrite} looks at a single node (whose inputs have
 * already been optimized) and returns a replacement, or empty when the rule does not apply. A rule
 * must not return a node it would rewrite again, so that the optimizer reaches a fixpoint.
 */
public interface OptimizerRule {

  Optional<LogicalNode> rewrite(LogicalNode node);
}
