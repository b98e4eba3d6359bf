package io.sluice.api;

/** Direction of one sort key; nulls come last in either direction. */
public enum SortOrder {
  ASCENDING,
  DESCENDING
}
