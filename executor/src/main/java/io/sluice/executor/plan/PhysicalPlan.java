package io.sluice.executor.plan;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What a job runs: an immutable DAG of operator factories in topological order (every producer
 * before its consumers) and the edges between them. Each node but the last feeds exactly one
 * consumer port; the last node is the sink, an ordinary node (a writer, or the caller's output
 * queue). A {@code Job} makes its operators from the factories, so a plan can be run more than
 * once.
 */
public final class PhysicalPlan {

  private final List<PlanNode> nodes;
  private final List<Edge> edges;
  private final Edge[] outputOf;

  private PhysicalPlan(List<PlanNode> nodes, List<Edge> edges) {
    this.nodes = List.copyOf(nodes);
    this.edges = List.copyOf(edges);
    this.outputOf = new Edge[nodes.size()];
    int[] fed = new int[nodes.size()];
    for (Edge e : edges) {
      if (e.consumer() >= nodes.size()
          || e.port() >= nodes.get(e.consumer()).ports()
          || outputOf[e.producer()] != null) {
        throw new IllegalArgumentException(
            "bad edge " + e + " in a plan of " + nodes.size() + " nodes");
      }
      outputOf[e.producer()] = e;
      fed[e.consumer()]++;
    }
    for (int i = 0; i < nodes.size(); i++) {
      if (fed[i] != nodes.get(i).ports() || (i < nodes.size() - 1) != (outputOf[i] != null)) {
        throw new IllegalArgumentException(
            "node "
                + i
                + " ("
                + nodes.get(i).name()
                + ") is not wired: "
                + fed[i]
                + " of "
                + nodes.get(i).ports()
                + " ports fed");
      }
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  public List<PlanNode> nodes() {
    return nodes;
  }

  public List<Edge> edges() {
    return edges;
  }

  public int size() {
    return nodes.size();
  }

  public PlanNode node(int i) {
    return nodes.get(i);
  }

  /** The edge leaving node {@code i}, or null for the sink. */
  public Edge output(int i) {
    return outputOf[i];
  }

  /** The edges into node {@code i}, in port order. */
  public List<Edge> inputs(int i) {
    List<Edge> in = new ArrayList<>();
    for (Edge e : edges) {
      if (e.consumer() == i) {
        in.add(e);
      }
    }
    in.sort(Comparator.comparingInt(Edge::port));
    return in;
  }

  /** Index of the sink (the last node). */
  public int sink() {
    return nodes.size() - 1;
  }

  /** Every source's split keys, in plan order. */
  public List<String> splits() {
    List<String> out = new ArrayList<>();
    nodes.forEach(n -> out.addAll(n.factory().splits()));
    return out;
  }

  /** Adds nodes producers first; {@link #build} checks every port is fed and one sink is left. */
  public static final class Builder {
    private final List<PlanNode> nodes = new ArrayList<>();
    private final List<Edge> edges = new ArrayList<>();

    /** Adds a node fed by {@code producers} (already added), in port order; returns its index. */
    public int add(String name, OperatorFactory factory, List<Integer> producers) {
      int index = nodes.size();
      nodes.add(new PlanNode(name, producers.size(), factory));
      for (int port = 0; port < producers.size(); port++) {
        edges.add(new Edge(producers.get(port), index, port));
      }
      return index;
    }

    public PhysicalPlan build() {
      return new PhysicalPlan(nodes, edges);
    }
  }
}
