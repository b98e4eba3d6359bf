package io.sluice.api.spi;

import io.sluice.api.ExecutionOptions;

/** Creates backends; found through {@link java.util.ServiceLoader} by {@link #name()}. */
public interface ExecutionBackendFactory {

  /** {@code local} for the embedded executor. */
  String name();

  ExecutionBackend create(ExecutionOptions options);
}
