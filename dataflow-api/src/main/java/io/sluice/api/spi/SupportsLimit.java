package io.sluice.api.spi;

/** A source that can stop early: it plans and reads no more than it needs for {@code rows} rows. */
public interface SupportsLimit extends Datasource {

  /** The same source producing at most {@code rows} rows in total, reading as little as it can. */
  Datasource withLimit(long rows);
}
