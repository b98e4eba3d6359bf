package io.sluice.executor.plan;

import io.sluice.api.plan.LogicalNode;
import io.sluice.executor.op.PhysicalOperator;

/** Translates one logical node type into its physical operator; one implementation per node type. */
@FunctionalInterface
public interface NodeTranslator<N extends LogicalNode> {

  /** @param name the operator's unique name within the job */
  PhysicalOperator translate(N node, String name);
}
