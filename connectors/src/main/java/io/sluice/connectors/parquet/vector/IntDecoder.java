package io.sluice.connectors.parquet.vector;

/** A stream of small ints (levels, dictionary ids) read in bulk. Single-threaded. */
interface IntDecoder {

  /** Reads the next {@code n} values into {@code dst[off, off + n)}. */
  void read(int[] dst, int off, int n);
}
