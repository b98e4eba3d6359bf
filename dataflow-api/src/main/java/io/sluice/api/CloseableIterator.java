package io.sluice.api;

import java.util.Iterator;

/** An iterator over a running job's output; close it to stop the job early and free its memory. */
public interface CloseableIterator<T> extends Iterator<T>, AutoCloseable {

  @Override
  void close();
}
