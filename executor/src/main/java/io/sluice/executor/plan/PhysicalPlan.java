package io.sluice.executor.plan;

import io.sluice.executor.op.PhysicalOperator;
import java.util.ArrayList;
import java.util.List;

/**
 * Operators of one job in topological order (every producer before its consumer) and the edges
 * between them. Each operator feeds at most one consumer port; the last operator is the sink.
 */
public final class PhysicalPlan {

  private final List<PhysicalOperator> operators = new ArrayList<>();
  private final List<int[]> consumers = new ArrayList<>(); // {consumer index, port} or {-1, -1}

  /** Adds an operator whose inputs (already added) are {@code producers}, in port order. */
  public int add(PhysicalOperator op, List<Integer> producers) {
    int index = operators.size();
    operators.add(op);
    consumers.add(new int[] {-1, -1});
    for (int port = 0; port < producers.size(); port++) {
      consumers.set(producers.get(port), new int[] {index, port});
    }
    return index;
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
    return consumers.get(i)[0];
  }

  /** Input port of the consumer that operator {@code i} feeds. */
  public int consumerPort(int i) {
    return consumers.get(i)[1];
  }

  /** Indexes of the operators feeding {@code i}. */
  public List<Integer> producers(int i) {
    List<Integer> out = new ArrayList<>();
    for (int p = 0; p < consumers.size(); p++) {
      if (consumers.get(p)[0] == i) {
        out.add(p);
      }
    }
    return out;
  }

  /** Index of the sink (the last operator). */
  public int sink() {
    return operators.size() - 1;
  }
}
