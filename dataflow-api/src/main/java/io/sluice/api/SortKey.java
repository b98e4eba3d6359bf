package io.sluice.api;

import java.util.Objects;

/**
 * One key of a sort: a column and its direction. Nulls come last in either direction, as in Spark's
 * {@code asc}/{@code desc} defaults for ascending order and in Ray Data.
 *
 * <pre>{@code
 * ds.sort(SortKey.asc("category"), SortKey.desc("score"));
 * }</pre>
 *
 * @param column the column to order by
 * @param order ascending or descending
 */
public record SortKey(String column, SortOrder order) {

  public SortKey {
    Objects.requireNonNull(column, "column");
    Objects.requireNonNull(order, "order");
  }

  /** {@code column} ascending. */
  public static SortKey asc(String column) {
    return new SortKey(column, SortOrder.ASCENDING);
  }

  /** {@code column} descending. */
  public static SortKey desc(String column) {
    return new SortKey(column, SortOrder.DESCENDING);
  }

  /** True for {@link SortOrder#ASCENDING}. */
  public boolean ascending() {
    return order == SortOrder.ASCENDING;
  }

  @Override
  public String toString() {
    return column + (ascending() ? " asc" : " desc");
  }
}
