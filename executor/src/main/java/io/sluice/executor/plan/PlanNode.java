package io.sluice.executor.plan;

/**
 * One node of a {@link PhysicalPlan}.
 *
 * @param name unique within the plan: the operator's name in progress, stats and errors
 * @param ports its number of input ports (0 for a source)
 */
public record PlanNode(String name, int ports, OperatorFactory factory) {}
