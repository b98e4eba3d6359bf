package io.sluice.flink.cluster;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import org.apache.flink.api.common.externalresource.ExternalResourceDriver;
import org.apache.flink.api.common.externalresource.ExternalResourceDriverFactory;
import org.apache.flink.api.common.externalresource.ExternalResourceInfo;
import org.apache.flink.configuration.Configuration;

/**
 * SIMULATED GPUs, for tests and demos on machines without any: a Flink external-resource driver
 * that "discovers" devices {@code 0 .. amount-1} without looking at hardware, so a TaskManager
 * started with {@code external-resources: gpu} advertises GPU slots and reports device indices
 * exactly as Flink's GPU plugin would ({@code index} property). Nothing runs on a GPU. Loaded by
 * Flink's plugin manager from the plugin jar {@link StandaloneCluster} writes.
 */
public final class SimulatedGpuDriverFactory implements ExternalResourceDriverFactory {

  @Override
  public ExternalResourceDriver createExternalResourceDriver(Configuration config) {
    return amount -> {
      Set<ExternalResourceInfo> devices = new LinkedHashSet<>();
      for (long i = 0; i < amount; i++) {
        devices.add(new Device(Long.toString(i)));
      }
      return devices;
    };
  }

  /**
   * One simulated device: {@code index} as Flink's GPU plugin reports it, {@code simulated=true}.
   */
  record Device(String index) implements ExternalResourceInfo {

    @Override
    public Optional<String> getProperty(String key) {
      return switch (key) {
        case "index" -> Optional.of(index);
        case "simulated" -> Optional.of("true");
        default -> Optional.empty();
      };
    }

    @Override
    public Collection<String> getKeys() {
      return Set.of("index", "simulated");
    }
  }
}
