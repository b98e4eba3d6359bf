package io.sluice.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One row, as the row-level transforms ({@code map}, {@code filter}, {@code flatMap}) and
 * {@link Dataset#iterator()} see it. Immutable; columns keep their order.
 *
 * <p>Values use these Java types: {@code Boolean}, {@code Byte}, {@code Short}, {@code Integer},
 * {@code Long}, {@code Float}, {@code Double}, {@code String}, {@code byte[]},
 * {@code java.math.BigDecimal}, {@code java.time.LocalDate}, {@code java.time.Instant} (UTC-adjusted
 * timestamps), {@code java.time.LocalDateTime} (timestamps without zone), {@code float[]}
 * (fixed-size float lists such as embeddings), {@code java.util.List} (lists), {@link Row}
 * (structs), and {@code null}.
 */
public interface Row {

  /** Number of columns. */
  int size();

  /** Column name at {@code index}. */
  String name(int index);

  /** Value at {@code index}. */
  Object get(int index);

  /** Index of the column, or -1. */
  int indexOf(String name);

  /** Value of the named column; throws {@link IllegalArgumentException} naming it when absent. */
  default Object get(String name) {
    int i = indexOf(name);
    if (i < 0) {
      throw new IllegalArgumentException("no column '" + name + "' in row with columns " + names());
    }
    return get(i);
  }

  default boolean has(String name) {
    return indexOf(name) >= 0;
  }

  default boolean isNull(String name) {
    return get(name) == null;
  }

  default long getLong(String name) {
    return ((Number) get(name)).longValue();
  }

  default int getInt(String name) {
    return ((Number) get(name)).intValue();
  }

  default double getDouble(String name) {
    return ((Number) get(name)).doubleValue();
  }

  default boolean getBoolean(String name) {
    return (Boolean) get(name);
  }

  default String getString(String name) {
    Object v = get(name);
    return v == null ? null : v.toString();
  }

  default float[] getFloats(String name) {
    return (float[]) get(name);
  }

  /** Column names in order. */
  default List<String> names() {
    String[] names = new String[size()];
    for (int i = 0; i < names.length; i++) {
      names[i] = name(i);
    }
    return List.of(names);
  }

  /** A copy with {@code name} set to {@code value}, added at the end when new. */
  default Row with(String name, Object value) {
    Map<String, Object> m = asMap();
    m.put(name, value);
    return fromMap(m);
  }

  /** A copy without the named column. */
  default Row without(String name) {
    Map<String, Object> m = asMap();
    m.remove(name);
    return fromMap(m);
  }

  /** A new mutable, ordered map of the columns. */
  default Map<String, Object> asMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    for (int i = 0; i < size(); i++) {
      m.put(name(i), get(i));
    }
    return m;
  }

  /** {@code Row.of("id", 1L, "text", "hello")}. */
  static Row of(Object... namesAndValues) {
    if (namesAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("Row.of takes name, value pairs");
    }
    String[] names = new String[namesAndValues.length / 2];
    Object[] values = new Object[names.length];
    for (int i = 0; i < names.length; i++) {
      names[i] = (String) namesAndValues[2 * i];
      values[i] = namesAndValues[2 * i + 1];
    }
    return new SimpleRow(names, values);
  }

  static Row fromMap(Map<String, ?> columns) {
    String[] names = columns.keySet().toArray(new String[0]);
    Object[] values = new Object[names.length];
    for (int i = 0; i < names.length; i++) {
      values[i] = columns.get(names[i]);
    }
    return new SimpleRow(names, values);
  }
}
