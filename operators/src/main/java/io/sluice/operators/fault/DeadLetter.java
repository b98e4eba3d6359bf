package io.sluice.operators.fault;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.api.Row;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One skipped row (or unreadable block) as recorded in the dead-letter dataset.
 *
 * @param operator the operator that failed on it
 * @param source where it came from: the row's position, or the read split for a block
 * @param errorClass the exception class
 * @param errorMessage the exception message
 * @param attempts how many times it was tried
 * @param row the original row as JSON, or null for a block
 */
public record DeadLetter(
    String operator,
    String source,
    String errorClass,
    String errorMessage,
    int attempts,
    String row)
    implements Serializable {

  private static final ObjectMapper JSON = new ObjectMapper();

  public static DeadLetter ofRow(
      String operator, String source, Row row, Throwable error, int attempts) {
    return new DeadLetter(
        operator, source, rootClass(error), message(error), attempts, toJson(row));
  }

  public static DeadLetter ofBlock(String operator, String source, Throwable error, int attempts) {
    return new DeadLetter(operator, source, rootClass(error), message(error), attempts, null);
  }

  /** Whether this records a whole unreadable block rather than one row. */
  public boolean isBlock() {
    return row == null;
  }

  private static String rootClass(Throwable t) {
    Throwable c = t;
    while (c.getCause() != null && c.getCause() != c) {
      c = c.getCause();
    }
    return c.getClass().getName();
  }

  private static String message(Throwable t) {
    return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
  }

  /** The row as JSON: binary as base64, times and decimals as strings, structs as objects. */
  public static String toJson(Row row) {
    try {
      return JSON.writeValueAsString(plain(row));
    } catch (JsonProcessingException e) {
      return String.valueOf(row);
    }
  }

  private static Object plain(Object v) {
    if (v == null || v instanceof Number || v instanceof Boolean || v instanceof String) {
      return v;
    }
    if (v instanceof Row r) {
      Map<String, Object> m = new LinkedHashMap<>();
      for (int i = 0; i < r.size(); i++) {
        m.put(r.name(i), plain(r.get(i)));
      }
      return m;
    }
    if (v instanceof byte[] b) {
      return Base64.getEncoder().encodeToString(b);
    }
    if (v instanceof float[] f) {
      List<Float> l = new ArrayList<>(f.length);
      for (float x : f) {
        l.add(x);
      }
      return l;
    }
    if (v instanceof List<?> list) {
      return list.stream().map(DeadLetter::plain).toList();
    }
    if (v instanceof Map<?, ?> map) {
      Map<String, Object> m = new LinkedHashMap<>();
      map.forEach((k, x) -> m.put(String.valueOf(k), plain(x)));
      return m;
    }
    return v.toString();
  }
}
