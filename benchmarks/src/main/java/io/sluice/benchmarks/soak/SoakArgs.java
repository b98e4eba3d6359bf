package io.sluice.benchmarks.soak;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * {@code --name value} pairs of the soak's command line, and sizes as people type them (64m, 1g).
 */
final class SoakArgs {

  private SoakArgs() {}

  static Map<String, String> parse(String[] args) {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      int eq = a.indexOf('=');
      if (a.startsWith("--") && eq > 0) {
        m.put(a.substring(0, eq), a.substring(eq + 1));
      } else if (a.startsWith("--") && i + 1 < args.length) {
        m.put(a, args[++i]);
      } else {
        throw new IllegalArgumentException(
            "soak: unexpected argument '" + a + "' (options are --name value)");
      }
    }
    return m;
  }

  static long bytes(String text) {
    String t = text.toLowerCase(Locale.ROOT).replaceAll("i?b$", "");
    long unit =
        switch (t.isEmpty() ? ' ' : t.charAt(t.length() - 1)) {
          case 'k' -> 1L << 10;
          case 'm' -> 1L << 20;
          case 'g' -> 1L << 30;
          default -> 1L;
        };
    String digits = unit == 1 ? t : t.substring(0, t.length() - 1);
    try {
      return (long) (Double.parseDouble(digits) * unit);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "soak: --memory-budget '" + text + "' is not a size like 64m or 1g", e);
    }
  }
}
