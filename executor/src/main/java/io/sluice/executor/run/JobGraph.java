package io.sluice.executor.run;

import io.sluice.executor.op.PhysicalOperator;
import io.sluice.executor.plan.Edge;
import io.sluice.executor.plan.PhysicalPlan;
import java.util.ArrayList;
import java.util.List;

/**
 * The operators one job made from its {@link PhysicalPlan}, wired as the plan's edges say, with the
 * edges flattened into arrays for the loop. Fixed once made; loop thread only.
 */
public final class JobGraph {

  private final List<PhysicalOperator> operators;
  private final int[] consumer;
  private final int[] consumerPort;
  private final int[][] producers;

  private JobGraph(List<PhysicalOperator> operators, PhysicalPlan plan) {
    this.operators = List.copyOf(operators);
    int n = operators.size();
    this.consumer = new int[n];
    this.consumerPort = new int[n];
    this.producers = new int[n][];
    for (int i = 0; i < n; i++) {
      Edge out = plan.output(i);
      consumer[i] = out == null ? -1 : out.consumer();
      consumerPort[i] = out == null ? -1 : out.port();
      producers[i] = plan.inputs(i).stream().mapToInt(Edge::producer).toArray();
      String name = plan.node(i).name();
      if (!operators.get(i).spec().name().equals(name)
          || operators.get(i).spec().inputPorts() != plan.node(i).ports()) {
        throw new IllegalStateException(
            "the factory of plan node '" + name + "' made " + operators.get(i).spec());
      }
    }
  }

  /** Makes every node's operator (not started). */
  public static JobGraph instantiate(PhysicalPlan plan) {
    List<PhysicalOperator> ops = new ArrayList<>(plan.size());
    plan.nodes().forEach(n -> ops.add(n.factory().create()));
    return new JobGraph(ops, plan);
  }

  public List<PhysicalOperator> operators() {
    return operators;
  }

  public int size() {
    return operators.size();
  }

  public PhysicalOperator get(int i) {
    return operators.get(i);
  }

  /** Index of the consumer of operator {@code i}, or -1 for the sink. */
  public int consumer(int i) {
    return consumer[i];
  }

  /** Input port of the consumer that operator {@code i} feeds. */
  public int consumerPort(int i) {
    return consumerPort[i];
  }

  /** Indexes of the operators feeding {@code i}, in port order (do not modify). */
  int[] producers(int i) {
    return producers[i];
  }

  /** Index of the sink (the last operator). */
  public int sink() {
    return operators.size() - 1;
  }
}
