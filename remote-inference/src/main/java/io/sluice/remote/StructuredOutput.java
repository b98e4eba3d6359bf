package io.sluice.remote;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.BitVector;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.Float8Vector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.types.FloatingPointPrecision;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;

/**
 * JSON-mode chat output: the request asks for {@code response_format: {type: json_schema}} with the
 * user's JSON Schema, and each reply's content is parsed into one column per top-level property of
 * that schema, in its order: {@code string} utf8, {@code integer} int64, {@code number} float64,
 * {@code boolean} bool, anything else (objects, arrays, no type) the property's JSON text as utf8.
 * A reply that is not a JSON object, lacks a {@code required} property, or has a value of another
 * type is that row's error ({@link RowRejectedException}), so under {@code ErrorPolicy.skip} it
 * goes to the dead letters with what was wrong; absent optional properties are nulls. A reply
 * wrapped in a Markdown code fence (some servers add one) is unwrapped first. Immutable.
 */
final class StructuredOutput implements Serializable {

  private static final long serialVersionUID = 1L;

  /** Column kinds by JSON Schema type. */
  enum Kind {
    STRING,
    INTEGER,
    NUMBER,
    BOOLEAN,
    JSON
  }

  /** One output column: property name (= column name), kind, whether the schema requires it. */
  record Column(String name, Kind kind, boolean required) implements Serializable {}

  private final String name;
  private final String schemaJson;
  private final boolean strict;
  private final List<Column> columns;

  private StructuredOutput(String name, String schemaJson, boolean strict, List<Column> columns) {
    this.name = name;
    this.schemaJson = schemaJson;
    this.strict = strict;
    this.columns = List.copyOf(columns);
  }

  /**
   * Reads {@code schemaJson}, an object schema with {@code properties}; throws {@link
   * IllegalArgumentException} naming what is wrong with it.
   */
  static StructuredOutput of(String name, String schemaJson, boolean strict) {
    JsonNode schema;
    try {
      schema = RemoteClient.JSON.readTree(schemaJson);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(
          "jsonSchema(" + name + "): not valid JSON: " + e.getOriginalMessage(), e);
    }
    JsonNode props = schema == null ? null : schema.get("properties");
    if (props == null || !props.isObject() || props.isEmpty()) {
      throw new IllegalArgumentException(
          "jsonSchema("
              + name
              + "): needs an object schema with \"properties\""
              + " (each becomes a column), got "
              + schemaJson);
    }
    Set<String> required = new HashSet<>();
    schema.path("required").forEach(r -> required.add(r.asText()));
    List<Column> columns = new ArrayList<>();
    props
        .fields()
        .forEachRemaining(
            e ->
                columns.add(
                    new Column(e.getKey(), kind(e.getValue()), required.contains(e.getKey()))));
    return new StructuredOutput(name, schemaJson, strict, columns);
  }

  private static Kind kind(JsonNode property) {
    JsonNode type = property.path("type");
    String t = type.asText("");
    if (type.isArray()) { // ["integer", "null"]: the first type that is not null
      t = "";
      for (JsonNode x : type) {
        if (!"null".equals(x.asText())) {
          t = x.asText();
          break;
        }
      }
    }
    return switch (t) {
      case "string" -> Kind.STRING;
      case "integer" -> Kind.INTEGER;
      case "number" -> Kind.NUMBER;
      case "boolean" -> Kind.BOOLEAN;
      default -> Kind.JSON;
    };
  }

  List<Column> columns() {
    return columns;
  }

  /** The Arrow fields of the columns, in schema order. */
  List<Field> fields() {
    List<Field> out = new ArrayList<>(columns.size());
    for (Column c : columns) {
      ArrowType t =
          switch (c.kind()) {
            case INTEGER -> new ArrowType.Int(64, true);
            case NUMBER -> new ArrowType.FloatingPoint(FloatingPointPrecision.DOUBLE);
            case BOOLEAN -> ArrowType.Bool.INSTANCE;
            default -> ArrowType.Utf8.INSTANCE;
          };
      out.add(new Field(c.name(), FieldType.nullable(t), null));
    }
    return out;
  }

  /** Adds {@code response_format} to a chat request body. */
  void putResponseFormat(ObjectNode body) throws JsonProcessingException {
    ObjectNode js =
        body.putObject("response_format").put("type", "json_schema").putObject("json_schema");
    js.put("name", name);
    js.set("schema", RemoteClient.JSON.readTree(schemaJson));
    js.put("strict", strict);
  }

  /**
   * A reply's content as a checked JSON object, or a {@link RowRejectedException} saying why not.
   */
  ObjectNode parse(String content) {
    String text = unfenced(content.strip());
    JsonNode node;
    try {
      node = RemoteClient.JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw rejected("is not valid JSON (" + e.getOriginalMessage() + ")", content);
    }
    if (!(node instanceof ObjectNode obj)) {
      throw rejected("is not a JSON object", content);
    }
    for (Column c : columns) {
      JsonNode v = obj.get(c.name());
      if (v == null || v.isNull()) {
        if (c.required()) {
          throw rejected("lacks required property '" + c.name() + "'", content);
        }
        continue;
      }
      boolean fits =
          switch (c.kind()) {
            case STRING -> v.isTextual();
            case INTEGER -> v.isIntegralNumber() || (v.isNumber() && v.canConvertToExactIntegral());
            case NUMBER -> v.isNumber();
            case BOOLEAN -> v.isBoolean();
            case JSON -> true;
          };
      if (!fits) {
        throw rejected(
            "has "
                + c.name()
                + " = "
                + abbreviate(v.toString())
                + ", expected "
                + c.kind().name().toLowerCase(Locale.ROOT),
            content);
      }
    }
    return obj;
  }

  private RowRejectedException rejected(String what, String content) {
    return new RowRejectedException(
        "the structured output (json_schema "
            + name
            + ") "
            + what
            + "; reply: "
            + abbreviate(content),
        200);
  }

  private static String abbreviate(String s) {
    return s.length() <= 200 ? s : s.substring(0, 200) + "...";
  }

  /** The body of a {@code ```json ... ```} fence, or the text itself. */
  private static String unfenced(String text) {
    if (!text.startsWith("```")) {
      return text;
    }
    int firstLine = text.indexOf('\n');
    int close = text.lastIndexOf("```");
    return firstLine > 0 && close > firstLine ? text.substring(firstLine + 1, close) : text;
  }

  /**
   * The columns from parsed replies ({@code values[r]} an {@link ObjectNode}, or null for a null
   * row).
   */
  List<FieldVector> vectors(Object[] values, int rows, BufferAllocator allocator) {
    List<FieldVector> out = new ArrayList<>(columns.size());
    try {
      List<Field> fields = fields();
      for (int i = 0; i < columns.size(); i++) {
        Column c = columns.get(i);
        FieldVector v = fields.get(i).createVector(allocator);
        out.add(v);
        v.setInitialCapacity(rows);
        v.allocateNew();
        for (int r = 0; r < rows; r++) {
          JsonNode x = values[r] == null ? null : ((ObjectNode) values[r]).get(c.name());
          if (x == null || x.isNull()) {
            continue; // allocateNew leaves every row null
          }
          switch (c.kind()) {
            case STRING ->
                ((VarCharVector) v).setSafe(r, x.asText().getBytes(StandardCharsets.UTF_8));
            case INTEGER -> ((BigIntVector) v).setSafe(r, x.asLong());
            case NUMBER -> ((Float8Vector) v).setSafe(r, x.asDouble());
            case BOOLEAN -> ((BitVector) v).setSafe(r, x.asBoolean() ? 1 : 0);
            case JSON ->
                ((VarCharVector) v).setSafe(r, x.toString().getBytes(StandardCharsets.UTF_8));
          }
        }
        v.setValueCount(rows);
      }
      return out;
    } catch (RuntimeException e) {
      out.forEach(FieldVector::close);
      throw e;
    }
  }

  @Override
  public String toString() {
    return "json_schema " + name + " -> " + columns;
  }
}
