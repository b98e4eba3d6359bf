package io.sluice.connectors.parquet.convert;

/**
 * Running estimate of the Arrow bytes a batch holds, updated by appenders as they write, so the
 * reader can flush a batch once it passes the target size without measuring vectors per row.
 */
public final class BatchBytes {

  long bytes;

  public long get() {
    return bytes;
  }

  public void reset() {
    bytes = 0;
  }
}
