package io.sluice.api.udf;

import java.util.function.Supplier;

/**
 * Objects that the UDF instances of one backend share, such as a cache of loaded model sessions:
 * each type has at most one instance per registry, made by the first caller and closed when the
 * registry's owner (the backend) closes. A local backend owns one registry; a UDF built outside any
 * backend (a test, a benchmark, a Flink TaskManager, whose JVM is the unit of sharing) gets {@link
 * #process()}, which lives as long as the JVM. Thread-safe.
 */
public interface SharedResources {

  /**
   * The registry's instance of {@code type}, made by {@code make} on the first call.
   *
   * @throws IllegalStateException once the registry is closed
   */
  <T extends AutoCloseable> T get(Class<T> type, Supplier<? extends T> make);

  /** The registry of UDFs built outside a backend; never closed. */
  static SharedResources process() {
    return SharedResourceRegistry.PROCESS;
  }
}
