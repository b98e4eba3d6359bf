package io.sluice.connectors.fs;

import java.util.function.Supplier;

/**
 * Computes a value once, on first use, and shares it (also a failure is not cached: it is retried).
 */
public final class Memo<T> {

  private final Supplier<T> supplier;
  private volatile T value;

  public Memo(Supplier<T> supplier) {
    this.supplier = supplier;
  }

  public T get() {
    T v = value;
    if (v == null) {
      synchronized (this) {
        v = value;
        if (v == null) {
          v = supplier.get();
          value = v;
        }
      }
    }
    return v;
  }
}
