package io.sluice.executor.plan;

import io.sluice.api.plan.LogicalNode;

/**
 * Translates one logical node type into the factory of its operators; one implementation per node
 * type.
 */
@FunctionalInterface
public interface NodeTranslator<N extends LogicalNode> {

  /**
   * @param name the operator's unique name within the plan
   */
  OperatorFactory translate(N node, String name);
}
