package io.sluice.api.plan.rules;

import io.sluice.api.plan.LogicalNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Applies rule phases in order; within a phase, rules rewrite bottom-up until nothing changes.
 * Pushdowns run before fusion so that a {@code select} directly over a read becomes a projected
 * read rather than a fused map stage.
 */
public final class Optimizer {

  private static final int MAX_PASSES = 100;

  private final List<List<OptimizerRule>> phases;

  public Optimizer(List<List<OptimizerRule>> phases) {
    this.phases = List.copyOf(phases);
  }

  /** Pushdowns, then fusion of stateless maps. */
  public static Optimizer defaults() {
    return new Optimizer(
        List.of(
            List.of(new PushLimitDown(), new PushProjectionIntoRead()),
            List.of(new FuseStatelessMaps())));
  }

  public LogicalNode optimize(LogicalNode plan) {
    LogicalNode current = plan;
    for (List<OptimizerRule> phase : phases) {
      for (int pass = 0; pass < MAX_PASSES; pass++) {
        LogicalNode next = rewriteBottomUp(current, phase);
        if (next == current) {
          break;
        }
        current = next;
      }
    }
    return current;
  }

  private static LogicalNode rewriteBottomUp(LogicalNode node, List<OptimizerRule> rules) {
    List<LogicalNode> inputs = node.inputs();
    List<LogicalNode> newInputs = new ArrayList<>(inputs.size());
    boolean changed = false;
    for (LogicalNode in : inputs) {
      LogicalNode n = rewriteBottomUp(in, rules);
      changed |= n != in;
      newInputs.add(n);
    }
    LogicalNode current = changed ? node.withInputs(newInputs) : node;
    for (OptimizerRule rule : rules) {
      Optional<LogicalNode> r = rule.rewrite(current);
      if (r.isPresent()) {
        return r.get();
      }
    }
    return current;
  }
}
