package io.sluice.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One row, as the row-level transforms ({@code map}, {@code filter}, {@code flatMap}) and {@link
 * Dataset#iterator()} see it. Immutable; columns keep their order.
 *
 * <p>Values have these Java types, and the same types are accepted when rows are written (a wider
 * Java type is accepted where no value changes, e.g. an {@code Integer} into int64):
 *
 * <table>
 * <caption>Parquet and Arrow types and their Java values</caption>
 * <tr><th>Parquet (logical / physical)</th><th>Arrow</th><th>Java</th></tr>
 * <tr><td>BOOLEAN</td><td>bool</td><td>{@code Boolean}</td></tr>
 * <tr><td>INT(8, signed) / INT32</td><td>int8</td><td>{@code Byte}</td></tr>
 * <tr><td>INT(16, signed) / INT32</td><td>int16</td><td>{@code Short}</td></tr>
 * <tr><td>INT32, INT(32, signed)</td><td>int32</td><td>{@code Integer}</td></tr>
 * <tr><td>INT64, INT(64, signed)</td><td>int64</td><td>{@code Long}</td></tr>
 * <tr><td>INT(8, unsigned), INT(16, unsigned)</td><td>uint8, uint16</td><td>{@code Integer} (0..255,
 *     0..65535)</td></tr>
 * <tr><td>INT(32, unsigned)</td><td>uint32</td><td>{@code Long} (0..2<sup>32</sup>-1)</td></tr>
 * <tr><td>INT(64, unsigned)</td><td>uint64</td><td>{@code java.math.BigInteger}
 *     (0..2<sup>64</sup>-1)</td></tr>
 * <tr><td>FLOAT, DOUBLE</td><td>float32, float64</td><td>{@code Float}, {@code Double}</td></tr>
 * <tr><td>STRING, ENUM, JSON / BINARY</td><td>utf8</td><td>{@code String}</td></tr>
 * <tr><td>BINARY, BSON; FIXED_LEN_BYTE_ARRAY</td><td>binary; fixed_size_binary(n)</td>
 *     <td>{@code byte[]}</td></tr>
 * <tr><td>UUID / FIXED_LEN_BYTE_ARRAY(16)</td><td>{@code arrow.uuid} extension</td>
 *     <td>{@code java.util.UUID}</td></tr>
 * <tr><td>DECIMAL(p, s) / INT32, INT64, BINARY, FIXED_LEN_BYTE_ARRAY</td><td>decimal128(p, s)</td>
 *     <td>{@code java.math.BigDecimal}</td></tr>
 * <tr><td>DATE</td><td>date32</td><td>{@code java.time.LocalDate}</td></tr>
 * <tr><td>TIME(ms, us, ns)</td><td>time32/time64</td><td>{@code java.time.LocalTime}</td></tr>
 * <tr><td>TIMESTAMP(isAdjustedToUTC = true)</td><td>timestamp(unit, "UTC")</td>
 *     <td>{@code java.time.Instant}</td></tr>
 * <tr><td>TIMESTAMP(isAdjustedToUTC = false); INT96 (legacy Impala/Spark)</td>
 *     <td>timestamp(unit); timestamp(ns)</td><td>{@code java.time.LocalDateTime}</td></tr>
 * <tr><td>LIST (3-level and legacy 2-level)</td><td>list</td><td>{@code java.util.List}</td></tr>
 * <tr><td>LIST of FLOAT written by Sluice as fixed-size</td><td>fixed_size_list&lt;float32&gt;(n)</td>
 *     <td>{@code float[]} (embeddings)</td></tr>
 * <tr><td>group (struct)</td><td>struct</td><td>{@link Row}</td></tr>
 * <tr><td>MAP, MAP_KEY_VALUE</td><td>map&lt;k, v&gt;</td><td>{@code java.util.Map} in entry order
 *     (unmodifiable; an empty map and a null map differ, values may be null, keys never are)</td></tr>
 * <tr><td>any column, when null</td><td>any (null type: always null)</td><td>{@code null}</td></tr>
 * </table>
 *
 * <p>Unsigned integers are widened so that every value reads as the number it is. Types outside the
 * table (e.g. INTERVAL) fail when a job reads them, with a message naming the file, column and
 * type; a column that is not selected never stops a read.
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
