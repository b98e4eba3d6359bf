package io.sluice.executor;

import io.sluice.api.ExecutionOptions;
import io.sluice.api.spi.ExecutionBackend;
import io.sluice.api.spi.ExecutionBackendFactory;

/**
 * Provides {@code Sluice.local()}: fills in the options' auto resources from the machine ({@link
 * MachineDefaults}), then creates the {@link LocalBackend}.
 */
public final class LocalBackendFactory implements ExecutionBackendFactory {

  private final MachineProbe machine;

  /** For {@link java.util.ServiceLoader}: the real machine. */
  public LocalBackendFactory() {
    this(MachineProbe.system());
  }

  LocalBackendFactory(MachineProbe machine) {
    this.machine = machine;
  }

  @Override
  public String name() {
    return "local";
  }

  @Override
  public ExecutionBackend create(ExecutionOptions options) {
    return new LocalBackend(MachineDefaults.resolve(options, machine));
  }
}
