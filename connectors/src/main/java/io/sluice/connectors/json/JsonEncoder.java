package io.sluice.connectors.json;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import io.sluice.api.Row;
import io.sluice.connectors.fs.RowEncoder;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Writes one JSON object per line: structs as objects, lists as arrays, binary as base64, dates and
 * timestamps as ISO-8601 strings, decimals as exact numbers; null fields are written as null.
 */
final class JsonEncoder implements RowEncoder {

  private static final long serialVersionUID = 1L;

  @Override
  public String name() {
    return "json";
  }

  @Override
  public void check(Schema schema) {
    // every Arrow type Row can hold has a JSON form
  }

  @Override
  public RowWriter open(OutputStream out, Schema schema) throws IOException {
    JsonGenerator g = JsonFormat.JSON.getFactory().createGenerator(out, JsonEncoding.UTF8);
    g.setRootValueSeparator(null);
    return new RowWriter() {
      @Override
      public void write(Row row) throws IOException {
        writeRow(g, row);
        g.writeRaw('\n');
      }

      @Override
      public void close() throws IOException {
        g.close();
      }
    };
  }

  private static void writeRow(JsonGenerator g, Row row) throws IOException {
    g.writeStartObject();
    for (int i = 0; i < row.size(); i++) {
      g.writeFieldName(row.name(i));
      writeValue(g, row.get(i));
    }
    g.writeEndObject();
  }

  private static void writeValue(JsonGenerator g, Object v) throws IOException {
    if (v == null) {
      g.writeNull();
    } else if (v instanceof Row r) {
      writeRow(g, r);
    } else if (v instanceof Map<?, ?> m) {
      g.writeStartObject();
      for (Map.Entry<?, ?> e : m.entrySet()) {
        g.writeFieldName(String.valueOf(e.getKey()));
        writeValue(g, e.getValue());
      }
      g.writeEndObject();
    } else if (v instanceof List<?> l) {
      g.writeStartArray();
      for (Object e : l) {
        writeValue(g, e);
      }
      g.writeEndArray();
    } else if (v instanceof float[] a) {
      g.writeStartArray();
      for (float f : a) {
        g.writeNumber(f);
      }
      g.writeEndArray();
    } else if (v instanceof double[] a) {
      g.writeArray(a, 0, a.length);
    } else if (v instanceof long[] a) {
      g.writeArray(a, 0, a.length);
    } else if (v instanceof int[] a) {
      g.writeArray(a, 0, a.length);
    } else if (v instanceof byte[] b) {
      g.writeBinary(b);
    } else if (v instanceof Boolean b) {
      g.writeBoolean(b);
    } else if (v instanceof BigDecimal d) {
      g.writeNumber(d);
    } else if (v instanceof Double d) {
      g.writeNumber(d);
    } else if (v instanceof Float f) {
      g.writeNumber(f);
    } else if (v instanceof Number n) {
      g.writeNumber(n.longValue());
    } else {
      g.writeString(v.toString());
    }
  }
}
