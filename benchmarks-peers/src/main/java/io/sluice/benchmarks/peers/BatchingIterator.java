package io.sluice.benchmarks.peers;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Function;

/**
 * Pulls {@code batch} inputs at a time from an upstream iterator, maps each batch at once and hands
 * the results out one by one: streaming batched inference inside a Spark partition without
 * collecting the partition.
 */
final class BatchingIterator<I, O> implements Iterator<O> {

  private final Iterator<I> upstream;
  private final int batch;
  private final Function<List<I>, List<O>> fn;
  private Iterator<O> current = Collections.emptyIterator();

  BatchingIterator(Iterator<I> upstream, int batch, Function<List<I>, List<O>> fn) {
    this.upstream = upstream;
    this.batch = batch;
    this.fn = fn;
  }

  @Override
  public boolean hasNext() {
    while (!current.hasNext() && upstream.hasNext()) {
      List<I> in = new ArrayList<>(batch);
      while (in.size() < batch && upstream.hasNext()) {
        in.add(upstream.next());
      }
      current = fn.apply(in).iterator();
    }
    return current.hasNext();
  }

  @Override
  public O next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    return current.next();
  }
}
