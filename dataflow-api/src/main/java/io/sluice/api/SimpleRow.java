package io.sluice.api;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/**
 * Array-backed {@link Row}. Rows read from one batch share their names array, so a row costs one
 * values array.
 */
public final class SimpleRow implements Row {

  private final String[] names;
  private final Object[] values;

  /** Both arrays are used as given (not copied); callers must not change them afterwards. */
  public SimpleRow(String[] names, Object[] values) {
    if (names.length != values.length) {
      throw new IllegalArgumentException(names.length + " names but " + values.length + " values");
    }
    if (new HashSet<>(Arrays.asList(names)).size() != names.length) {
      throw new IllegalArgumentException("duplicate column names in " + Arrays.toString(names));
    }
    this.names = names;
    this.values = values;
  }

  private SimpleRow(String[] names, Object[] values, boolean trusted) {
    this.names = names;
    this.values = values;
  }

  /**
   * A row over a names array already known to be free of duplicates (checked once per batch), so
   * converting a batch does not re-check every row. Arrays are used as given, as in the
   * constructor.
   */
  public static SimpleRow shared(String[] names, Object[] values) {
    if (names.length != values.length) {
      throw new IllegalArgumentException(names.length + " names but " + values.length + " values");
    }
    return new SimpleRow(names, values, true);
  }

  @Override
  public int size() {
    return names.length;
  }

  @Override
  public String name(int index) {
    return names[index];
  }

  @Override
  public Object get(int index) {
    return values[index];
  }

  @Override
  public int indexOf(String name) {
    for (int i = 0; i < names.length; i++) {
      if (names[i].equals(name)) {
        return i;
      }
    }
    return -1;
  }

  @Override
  public List<String> names() {
    return List.of(names);
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Row r) || r.size() != size()) {
      return false;
    }
    for (int i = 0; i < names.length; i++) {
      if (!names[i].equals(r.name(i)) || !Objects.deepEquals(values[i], r.get(i))) {
        return false;
      }
    }
    return true;
  }

  @Override
  public int hashCode() {
    int h = 1;
    for (int i = 0; i < names.length; i++) {
      h = 31 * h + names[i].hashCode();
      h = 31 * h + Arrays.deepHashCode(new Object[] {values[i]});
    }
    return h;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("{");
    for (int i = 0; i < names.length; i++) {
      if (i > 0) {
        sb.append(", ");
      }
      Object v = values[i];
      sb.append(names[i]).append('=');
      sb.append(
          v instanceof float[] f
              ? Arrays.toString(f)
              : v instanceof byte[] b ? "bytes[" + b.length + "]" : v);
    }
    return sb.append('}').toString();
  }
}
