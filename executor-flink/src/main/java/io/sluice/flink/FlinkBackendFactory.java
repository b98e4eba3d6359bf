package io.sluice.flink;

import io.sluice.api.ExecutionOptions;
import io.sluice.api.PlanException;
import io.sluice.api.spi.ExecutionBackend;
import io.sluice.api.spi.ExecutionBackendFactory;

/**
 * Provides {@code Sluice.backend("flink", options)}: the cluster named by the system property
 * {@code sluice.flink.address} ({@code host:port} of a JobManager's REST endpoint), else an
 * embedded MiniCluster that the backend starts and stops.
 */
public final class FlinkBackendFactory implements ExecutionBackendFactory {

  public static final String ADDRESS_PROPERTY = "sluice.flink.address";

  @Override
  public String name() {
    return "flink";
  }

  @Override
  public ExecutionBackend create(ExecutionOptions options) {
    String address = System.getProperty(ADDRESS_PROPERTY);
    if (address == null || address.isBlank()) {
      return new FlinkBackend(FlinkCluster.embedded(), options, true);
    }
    int colon = address.lastIndexOf(':');
    try {
      return new FlinkBackend(
          FlinkCluster.remote(
              address.substring(0, colon), Integer.parseInt(address.substring(colon + 1).trim())),
          options,
          true);
    } catch (RuntimeException e) {
      throw new PlanException(
          ADDRESS_PROPERTY + " must be host:port of a Flink REST endpoint, got '" + address + "'");
    }
  }
}
