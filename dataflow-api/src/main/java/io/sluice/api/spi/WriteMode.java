package io.sluice.api.spi;

/** What a write does when the destination already holds data. */
public enum WriteMode {
  /** Fail before writing anything when the destination exists and is not empty (default). */
  ERROR_IF_EXISTS,
  /** Replace the destination's contents atomically at commit; nothing is deleted before then. */
  OVERWRITE,
  /** Add new files beside the existing ones. */
  APPEND
}
