package io.sluice.remote;

import io.sluice.api.PlanException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A prompt with {@code {column}} placeholders filled from each row ({@code {{} and {@code }}} are
 * literal braces). A row where a referenced column is null has no prompt (its output is null and no
 * request is sent). Immutable.
 */
final class PromptTemplate implements Serializable {

  private static final long serialVersionUID = 1L;

  private final String template;

  /** Literal text and column names alternating: literal, column, literal, ..., literal. */
  private final List<String> parts;

  PromptTemplate(String template) {
    this.template = template;
    this.parts = parse(template);
  }

  private static List<String> parse(String t) {
    List<String> parts = new ArrayList<>();
    StringBuilder lit = new StringBuilder();
    for (int i = 0; i < t.length(); i++) {
      char ch = t.charAt(i);
      if (ch == '{' && i + 1 < t.length() && t.charAt(i + 1) == '{') {
        lit.append('{');
        i++;
      } else if (ch == '}' && i + 1 < t.length() && t.charAt(i + 1) == '}') {
        lit.append('}');
        i++;
      } else if (ch == '{') {
        int end = t.indexOf('}', i);
        if (end < 0 || end == i + 1) {
          throw new IllegalArgumentException(
              "prompt template has an unclosed or empty {column} at " + i + ": " + t);
        }
        parts.add(lit.toString());
        lit.setLength(0);
        parts.add(t.substring(i + 1, end).trim());
        i = end;
      } else {
        lit.append(ch);
      }
    }
    parts.add(lit.toString());
    return List.copyOf(parts);
  }

  List<String> columns() {
    List<String> cols = new ArrayList<>();
    for (int i = 1; i < parts.size(); i += 2) {
      cols.add(parts.get(i));
    }
    return cols;
  }

  void validate(Schema input, String stage) {
    for (String c : columns()) {
      if (input.getFields().stream().noneMatch(f -> f.getName().equals(c))) {
        throw new PlanException(
            stage
                + ": prompt template names column '"
                + c
                + "', which the input does not have;"
                + " input columns: "
                + input.getFields().stream().map(f -> f.getName()).toList());
      }
    }
  }

  /** One prompt per row (null where a referenced column is null). */
  String[] render(VectorSchemaRoot batch) {
    int rows = batch.getRowCount();
    List<FieldVector> cols = new ArrayList<>();
    for (String c : columns()) {
      cols.add(batch.getVector(c));
    }
    String[] out = new String[rows];
    StringBuilder sb = new StringBuilder();
    rows:
    for (int r = 0; r < rows; r++) {
      sb.setLength(0);
      for (int p = 0; p < parts.size(); p++) {
        if (p % 2 == 0) {
          sb.append(parts.get(p));
        } else {
          FieldVector v = cols.get(p / 2);
          if (v.isNull(r)) {
            continue rows;
          }
          sb.append(v.getObject(r));
        }
      }
      out[r] = sb.toString();
    }
    return out;
  }

  @Override
  public String toString() {
    return template;
  }
}
