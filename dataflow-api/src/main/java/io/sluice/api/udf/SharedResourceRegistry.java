package io.sluice.api.udf;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A {@link SharedResources} that its owner closes: {@link #close} closes every instance it made,
 * the newest first, and refuses later {@link #get}s. Made by a backend; thread-safe.
 */
public final class SharedResourceRegistry implements SharedResources, AutoCloseable {

  static final SharedResourceRegistry PROCESS = new SharedResourceRegistry();

  private final Map<Class<?>, AutoCloseable> instances = new LinkedHashMap<>();
  private boolean closed;

  @Override
  public synchronized <T extends AutoCloseable> T get(Class<T> type, Supplier<? extends T> make) {
    if (closed) {
      throw new IllegalStateException(
          "the backend that shares " + type.getSimpleName() + " is closed");
    }
    AutoCloseable existing = instances.get(type);
    if (existing != null) {
      return type.cast(existing);
    }
    T made = make.get();
    instances.put(type, made);
    return made;
  }

  /**
   * Closes every instance, newest first; the first failure is thrown after all were tried.
   * Idempotent.
   */
  @Override
  public void close() throws Exception {
    List<AutoCloseable> toClose;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      toClose = new ArrayList<>(instances.values());
      instances.clear();
    }
    Exception first = null;
    for (int i = toClose.size() - 1; i >= 0; i--) {
      try {
        toClose.get(i).close();
      } catch (Exception e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
