package io.sluice.executor;

import io.sluice.api.ExecutionOptions;
import io.sluice.api.spi.ExecutionBackend;
import io.sluice.api.spi.ExecutionBackendFactory;

/** Provides {@code Sluice.local()}. */
public final class LocalBackendFactory implements ExecutionBackendFactory {

  @Override
  public String name() {
    return "local";
  }

  @Override
  public ExecutionBackend create(ExecutionOptions options) {
    return new LocalBackend(options);
  }
}
