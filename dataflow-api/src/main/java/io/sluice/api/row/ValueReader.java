package io.sluice.api.row;

/**
 * Reads the Java value (see {@link io.sluice.api.Row} for the types) at one index of one Arrow
 * vector. Built once per vector and batch by {@link ValueReaders}, so the type dispatch happens
 * once per column rather than once per value.
 */
@FunctionalInterface
public interface ValueReader {

  /** The value at {@code index}, or {@code null} when it is null. */
  Object read(int index);
}
