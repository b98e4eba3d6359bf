package io.sluice.api;

/**
 * An iterator over one running job's output that can report that job's statistics.
 *
 * <p>Call-order rules: as {@link CloseableIterator}; {@link #stats()} any time from the consumer's
 * thread, complete once {@link #hasNext()} has returned {@code false}, and still answering after
 * {@link #close()}.
 *
 * @param <T> what it yields (rows or batches)
 */
public interface JobIterator<T> extends CloseableIterator<T> {

  /** The job's figures so far; final once the iterator is drained. */
  JobStats stats();
}
