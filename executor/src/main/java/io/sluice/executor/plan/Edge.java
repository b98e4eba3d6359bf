package io.sluice.executor.plan;

/**
 * Node {@code producer}'s output flows into input port {@code port} of node {@code consumer}
 * (indexes into {@link PhysicalPlan#nodes()}).
 */
public record Edge(int producer, int consumer, int port) {

  public Edge {
    if (producer < 0 || consumer <= producer || port < 0) {
      throw new IllegalArgumentException(
          "edge "
              + producer
              + " -> "
              + consumer
              + ":"
              + port
              + " must point from an earlier node to a later one");
    }
  }
}
