package io.sluice.connectors.fs;

import io.sluice.api.PlanException;
import java.util.Locale;
import java.util.Map;

/** Typed access to string options, with errors naming the option and the bad value. */
public final class Options {

  private Options() {}

  public static long positiveLong(Map<String, String> options, String key, long def) {
    String v = options.get(key);
    if (v == null) {
      return def;
    }
    try {
      long n = Long.parseLong(v.trim());
      if (n <= 0) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new PlanException("option " + key + " must be a positive number, got '" + v + "'");
    }
  }

  public static boolean bool(Map<String, String> options, String key, boolean def) {
    String v = options.get(key);
    if (v == null) {
      return def;
    }
    return switch (v.trim().toLowerCase(Locale.ROOT)) {
      case "true", "yes", "1" -> true;
      case "false", "no", "0" -> false;
      default ->
          throw new PlanException("option " + key + " must be true or false, got '" + v + "'");
    };
  }

  /** A single character option ({@code \t} and {@code tab} mean a tab). */
  public static char character(Map<String, String> options, String key, char def) {
    String v = options.get(key);
    if (v == null) {
      return def;
    }
    if (v.equals("\\t") || v.equalsIgnoreCase("tab")) {
      return '\t';
    }
    if (v.length() != 1) {
      throw new PlanException("option " + key + " must be one character, got '" + v + "'");
    }
    return v.charAt(0);
  }

  /** {@code malformed}: fail (default) or skip. */
  public static boolean skipMalformed(Map<String, String> options) {
    String v = options.getOrDefault("malformed", "fail").trim().toLowerCase(Locale.ROOT);
    return switch (v) {
      case "fail" -> false;
      case "skip" -> true;
      default -> throw new PlanException("option malformed must be fail or skip, got '" + v + "'");
    };
  }
}
