package io.sluice.connectors.parquet;

import java.util.function.Supplier;

/** Computes a value once, on first use, and shares it (also a failure is not cached: it is retried). */
final class Memo<T> {

  private final Supplier<T> supplier;
  private volatile T value;

  Memo(Supplier<T> supplier) {
    this.supplier = supplier;
  }

  T get() {
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
