package io.sluice.connectors.fs;

import io.sluice.api.PlanException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.arrow.vector.types.DateUnit;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.TimeUnit;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Declared schemas in a source's {@code schema} option, as SQL-like text: {@code id bigint, name
 * string, price decimal(10,2), at timestamp, tags list<string>, pos struct<x double, y double>}; or
 * an Arrow schema's JSON ({@code Schema.toJson()}).
 *
 * <p>Types: boolean, tinyint/int8, smallint/int16, int/int32, bigint/int64, float/float32,
 * double/float64, string/utf8/varchar, binary, date, timestamp (no zone, microseconds), timestamptz
 * (UTC), decimal(p,s), list&lt;t&gt;, struct&lt;name t, ...&gt;. Every field is nullable.
 */
public final class SchemaDdl {

  private final String text;
  private int pos;

  private SchemaDdl(String text) {
    this.text = text;
  }

  public static Schema parse(String ddl) {
    String t = ddl.trim();
    if (t.startsWith("{")) {
      try {
        return Schema.fromJSON(t);
      } catch (Exception e) {
        throw new PlanException(
            "option schema: not a valid Arrow schema JSON: " + e.getMessage(), e);
      }
    }
    SchemaDdl p = new SchemaDdl(t);
    List<Field> fields = p.fields('\0');
    if (p.pos < t.length()) {
      throw p.error("unexpected '" + t.charAt(p.pos) + "'");
    }
    return new Schema(fields);
  }

  private List<Field> fields(char close) {
    List<Field> out = new ArrayList<>();
    while (true) {
      String name = word();
      out.add(type(name));
      skipSpace();
      if (pos < text.length() && text.charAt(pos) == ',') {
        pos++;
        continue;
      }
      if (close == '\0' || pos < text.length() && text.charAt(pos) == close) {
        return out;
      }
      throw error("expected ',' or '" + close + "'");
    }
  }

  private Field type(String name) {
    String t = word().toLowerCase(Locale.ROOT);
    if (t.equals("list") || t.equals("array")) {
      expect('<');
      Field element = type("item");
      expect('>');
      return new Field(name, FieldType.nullable(ArrowType.List.INSTANCE), List.of(element));
    }
    if (t.equals("struct")) {
      expect('<');
      List<Field> children = fields('>');
      expect('>');
      return new Field(name, FieldType.nullable(ArrowType.Struct.INSTANCE), children);
    }
    ArrowType at =
        switch (t) {
          case "boolean", "bool" -> ArrowType.Bool.INSTANCE;
          case "tinyint", "int8" -> new ArrowType.Int(8, true);
          case "smallint", "int16" -> new ArrowType.Int(16, true);
          case "int", "integer", "int32" -> new ArrowType.Int(32, true);
          case "bigint", "long", "int64" -> new ArrowType.Int(64, true);
          case "float", "float32", "real" ->
              new ArrowType.FloatingPoint(FloatingPointPrecision.SINGLE);
          case "double", "float64" -> new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
          case "string", "utf8", "varchar", "text" -> ArrowType.Utf8.INSTANCE;
          case "binary", "bytes", "blob" -> ArrowType.Binary.INSTANCE;
          case "date" -> new ArrowType.Date(DateUnit.DAY);
          case "timestamp" -> new ArrowType.Timestamp(TimeUnit.MICROSECOND, null);
          case "timestamptz" -> new ArrowType.Timestamp(TimeUnit.MICROSECOND, "UTC");
          case "decimal" -> {
            expect('(');
            int p = Integer.parseInt(word());
            expect(',');
            int s = Integer.parseInt(word());
            expect(')');
            yield new ArrowType.Decimal(p, s, 128);
          }
          default -> throw error("unknown type '" + t + "' for column '" + name + "'");
        };
    return new Field(name, FieldType.nullable(at), null);
  }

  private String word() {
    skipSpace();
    int start = pos;
    if (pos < text.length() && (text.charAt(pos) == '"' || text.charAt(pos) == '`')) {
      char q = text.charAt(pos++);
      int end = text.indexOf(q, pos);
      if (end < 0) {
        throw error("unclosed quote");
      }
      pos = end + 1;
      return text.substring(start + 1, end);
    }
    while (pos < text.length()
        && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
      pos++;
    }
    if (start == pos) {
      throw error("expected a name or type");
    }
    return text.substring(start, pos);
  }

  private void expect(char c) {
    skipSpace();
    if (pos >= text.length() || text.charAt(pos) != c) {
      throw error("expected '" + c + "'");
    }
    pos++;
  }

  private void skipSpace() {
    while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
      pos++;
    }
  }

  private PlanException error(String what) {
    return new PlanException(
        "option schema: " + what + " at character " + pos + " of '" + text + "'");
  }
}
