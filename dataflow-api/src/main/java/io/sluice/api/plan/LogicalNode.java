package io.sluice.api.plan;

import java.util.List;
import java.util.Optional;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A node of the immutable logical plan. Optimizer rules rewrite trees of nodes; a physical planner
 * (in the executor) translates each node type with its own translator.
 */
public interface LogicalNode {

  /** The nodes whose output this node consumes (empty for sources). */
  List<LogicalNode> inputs();

  /** A copy of this node over other inputs (same count). */
  LogicalNode withInputs(List<LogicalNode> inputs);

  /** Short name for progress, stats and {@code explain()}. */
  String name();

  /**
   * The output schema, when it can be known without running the plan. May do I/O for sources (read
   * footers) and throws {@link io.sluice.api.PlanException} when the plan is invalid (a missing
   * column, a model that does not fit its input).
   */
  Optional<Schema> schema();

  /** An indented tree, one node per line, for {@code explain()}. */
  static String explain(LogicalNode root) {
    StringBuilder sb = new StringBuilder();
    explain(root, 0, sb);
    return sb.toString();
  }

  private static void explain(LogicalNode node, int depth, StringBuilder sb) {
    sb.append("  ".repeat(depth)).append(node).append('\n');
    for (LogicalNode in : node.inputs()) {
      explain(in, depth + 1, sb);
    }
  }
}
