package io.sluice.cli;

import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Byte sizes as people type them ({@code 512m}, {@code 2g}, {@code 1.5g}, {@code 65536}). */
public final class ByteSize {

  private ByteSize() {}

  /** Parses a size; binary units (k = 1024). */
  public static long parse(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    if (t.endsWith("ib")) {
      t = t.substring(0, t.length() - 2);
    } else if (t.endsWith("b")) {
      t = t.substring(0, t.length() - 1);
    }
    long unit = 1;
    if (!t.isEmpty()) {
      switch (t.charAt(t.length() - 1)) {
        case 'k' -> unit = 1L << 10;
        case 'm' -> unit = 1L << 20;
        case 'g' -> unit = 1L << 30;
        case 't' -> unit = 1L << 40;
        default -> unit = 1;
      }
    }
    if (unit > 1) {
      t = t.substring(0, t.length() - 1);
    }
    double value;
    try {
      value = Double.parseDouble(t);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "'"
              + text
              + "' is not a size; use a number with an optional"
              + " k, m or g suffix, e.g. 512m or 2g");
    }
    if (!(value > 0) || Double.isInfinite(value) || value * unit >= Long.MAX_VALUE) {
      throw new IllegalArgumentException("size '" + text + "' must be positive (e.g. 512m or 2g)");
    }
    return (long) (value * unit);
  }

  /** "1.5 GiB", "640.0 MiB". */
  public static String format(long bytes) {
    if (bytes >= 1L << 30) {
      return String.format(Locale.ROOT, "%.2f GiB", bytes / (double) (1L << 30));
    }
    return String.format(Locale.ROOT, "%.1f MiB", bytes / (double) (1L << 20));
  }

  /** picocli converter; its message is shown with the option name in the usage error. */
  static final class Converter implements ITypeConverter<Long> {
    @Override
    public Long convert(String value) {
      try {
        return parse(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(e.getMessage());
      }
    }
  }
}
