package io.sluice.executor.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.api.PlanException;
import io.sluice.api.plan.LimitNode;
import io.sluice.api.plan.LogicalNode;
import io.sluice.api.plan.ReadNode;
import io.sluice.api.plan.SelectNode;
import io.sluice.api.plan.UnionNode;
import io.sluice.api.source.RangeSource;
import io.sluice.executor.op.LimitOperator;
import io.sluice.executor.op.OutputOperator;
import io.sluice.executor.op.PhysicalOperator;
import io.sluice.executor.op.ReadOperator;
import io.sluice.executor.op.TaskMapOperator;
import io.sluice.executor.op.UnionOperator;
import java.util.List;
import java.util.Optional;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;

/**
 * The plan is an immutable DAG of factories with record edges, checked when built; the planner
 * finds translators by node class (every map node type through the one {@code MapNode} entry) and
 * plans sources' splits up front.
 */
class PhysicalPlanTest {

  private static PhysicalPlan plan(LogicalNode root) {
    return new PhysicalPlanner(2)
        .plan(root, "Output", schema -> () -> new OutputOperator("Output"));
  }

  @Test
  void unionOfTwoReadsIsWiredByEdges() {
    LogicalNode root =
        new LimitNode(
            new UnionNode(
                List.of(
                    new ReadNode(new RangeSource(100, 2)),
                    new SelectNode(new ReadNode(new RangeSource(50, 1)), List.of("id")))),
            10);
    PhysicalPlan plan = plan(root);
    assertThat(plan.nodes())
        .extracting(PlanNode::name)
        .containsExactly("Range", "Range#2", "Select", "Union", "Limit", "Output");
    assertThat(plan.edges())
        .containsExactly(
            new Edge(1, 2, 0),
            new Edge(0, 3, 0),
            new Edge(2, 3, 1),
            new Edge(3, 4, 0),
            new Edge(4, 5, 0));
    assertThat(plan.output(5)).isNull();
    assertThat(plan.inputs(3)).containsExactly(new Edge(0, 3, 0), new Edge(2, 3, 1));
    assertThat(plan.splits()).hasSize(4).allSatisfy(s -> assertThat(s).startsWith("Range"));
  }

  @Test
  void eachRunMakesItsOwnOperators() {
    PhysicalPlan plan = plan(new SelectNode(new ReadNode(new RangeSource(100, 2)), List.of("id")));
    List<PhysicalOperator> first = plan.nodes().stream().map(n -> n.factory().create()).toList();
    List<PhysicalOperator> second = plan.nodes().stream().map(n -> n.factory().create()).toList();
    assertThat(first)
        .hasExactlyElementsOfTypes(ReadOperator.class, TaskMapOperator.class, OutputOperator.class);
    for (int i = 0; i < first.size(); i++) {
      assertThat(first.get(i)).isNotSameAs(second.get(i));
      assertThat(first.get(i).spec()).isEqualTo(second.get(i).spec());
    }
    assertThat(
            new PhysicalPlanner(2)
                .plan(
                    new LimitNode(new ReadNode(new RangeSource(10, 1)), 3),
                    "Output",
                    s -> () -> new OutputOperator("Output"))
                .node(1)
                .factory()
                .create())
        .isInstanceOf(LimitOperator.class);
  }

  @Test
  void badWiringFailsWhenBuilt() {
    PhysicalPlan.Builder b = PhysicalPlan.builder();
    b.add("a", () -> new UnionOperator("a", 0), List.of());
    int two = b.add("b", () -> new UnionOperator("b", 0), List.of());
    b.add("c", () -> new OutputOperator("c"), List.of(two));
    assertThatThrownBy(b::build)
        .as("a's output goes nowhere")
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("node 0 (a)");
    PhysicalPlan.Builder twice = PhysicalPlan.builder();
    int a = twice.add("a", () -> new UnionOperator("a", 0), List.of());
    twice.add("b", () -> new UnionOperator("b", 2), List.of(a, a));
    assertThatThrownBy(twice::build)
        .as("one output, two ports")
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Edge(2, 1, 0)).isInstanceOf(IllegalArgumentException.class);
  }

  /** A node type no translator knows. */
  private record Unknown() implements LogicalNode {
    @Override
    public List<LogicalNode> inputs() {
      return List.of();
    }

    @Override
    public LogicalNode withInputs(List<LogicalNode> inputs) {
      return this;
    }

    @Override
    public String name() {
      return "Unknown";
    }

    @Override
    public Optional<Schema> schema() {
      return Optional.empty();
    }
  }

  @Test
  void anUnknownNodeTypeIsAPlanError() {
    assertThatThrownBy(() -> plan(new Unknown()))
        .isInstanceOf(PlanException.class)
        .hasMessageContaining("Unknown");
  }
}
