package io.sluice.api.options;

/**
 * How spilled blocks are compressed on disk (Arrow IPC body compression). ZSTD (level 1) is native,
 * fast and gives the smallest files; LZ4_FRAME, through lz4-java, spills about as fast with files
 * about 1.5x as large.
 */
public enum SpillCodec {
  LZ4_FRAME,
  ZSTD,
  NONE
}
