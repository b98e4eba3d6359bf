package io.sluice.api.spi;

import io.sluice.api.JobStats;

/**
 * The kept output of {@link ExecutionBackend#materialize}: a source that reads it again any number
 * of times, without recomputing, until closed. Where its blocks live (memory, the backend's spill
 * directory) is the backend's business. Not serializable: it lives in one JVM.
 */
public interface Materialized extends Datasource, AutoCloseable {

  /** Rows across all blocks. */
  long rows();

  /**
   * The figures of the job that computed the blocks ({@link JobStats#none()} where not measured).
   */
  default JobStats jobStats() {
    return JobStats.none();
  }

  /** Releases the kept blocks (memory and files). Idempotent. */
  @Override
  void close();
}
