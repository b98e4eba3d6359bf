package io.sluice.api;

import io.sluice.api.row.RowConverter;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Rows of a job's output batches, converted one batch at a time as they arrive, so memory stays
 * bounded by a batch. Closing it (or draining it) ends the job.
 */
final class RowIterator implements JobIterator<Row> {

  private final JobIterator<VectorSchemaRoot> batches;
  private List<Row> current = List.of();
  private int pos;

  RowIterator(JobIterator<VectorSchemaRoot> batches) {
    this.batches = batches;
  }

  @Override
  public boolean hasNext() {
    while (pos >= current.size()) {
      if (!batches.hasNext()) {
        return false;
      }
      current = RowConverter.toRows(batches.next());
      pos = 0;
    }
    return true;
  }

  @Override
  public Row next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    return current.get(pos++);
  }

  @Override
  public JobStats stats() {
    return batches.stats();
  }

  @Override
  public void close() {
    batches.close();
  }
}
