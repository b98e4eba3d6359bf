package io.sluice.api.spi;

/**
 * The kept output of {@link ExecutionBackend#materialize}: a source that reads it again any number
 * of times, without recomputing, until closed. Where its blocks live (memory, the backend's spill
 * directory) is the backend's business. Not serializable: it lives in one JVM.
 */
public interface Materialized extends Datasource, AutoCloseable {

  /** Rows across all blocks. */
  long rows();

  /** Releases the kept blocks (memory and files). Idempotent. */
  @Override
  void close();
}
