package io.sluice.connectors.parquet;

import java.util.concurrent.atomic.LongAdder;

/**
 * Counters of what Parquet read tasks did, for tests and stats without a global registry: hand one
 * instance to a source ({@link ParquetDatasource#withMetrics}) and every task planned from it adds
 * to it. Thread-safe; tasks on many threads may share one instance. Not shipped with serialized
 * tasks (a remote worker would need its own).
 */
public final class ParquetReadMetrics {

  private final LongAdder filesOpened = new LongAdder();
  private final LongAdder rowGroupsRead = new LongAdder();
  private final LongAdder rowsRead = new LongAdder();
  private final LongAdder batches = new LongAdder();
  private final LongAdder bytesRead = new LongAdder();

  /** Files opened by read tasks (one task opens one file). */
  public long filesOpened() {
    return filesOpened.sum();
  }

  /** Row groups whose column chunks were fetched. */
  public long rowGroupsRead() {
    return rowGroupsRead.sum();
  }

  /** Rows decoded into batches. */
  public long rowsRead() {
    return rowsRead.sum();
  }

  /** Batches produced. */
  public long batches() {
    return batches.sum();
  }

  /** Bytes read from storage by tasks, footers included. */
  public long bytesRead() {
    return bytesRead.sum();
  }

  void fileOpened() {
    filesOpened.increment();
  }

  void rowGroupRead() {
    rowGroupsRead.increment();
  }

  void batch(int rows) {
    batches.increment();
    rowsRead.add(rows);
  }

  void bytesRead(long n) {
    bytesRead.add(n);
  }

  @Override
  public String toString() {
    return "ParquetReadMetrics{files="
        + filesOpened()
        + ", rowGroups="
        + rowGroupsRead()
        + ", rows="
        + rowsRead()
        + ", batches="
        + batches()
        + ", bytesRead="
        + bytesRead()
        + "}";
  }
}
