package io.sluice.connectors.text;

import io.sluice.api.PlanException;
import io.sluice.api.Row;
import io.sluice.connectors.fs.RowEncoder;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Schema;

/** Writes the single string column of each row as a line; a null row is an empty line. */
final class TextEncoder implements RowEncoder {

  private static final long serialVersionUID = 1L;

  @Override
  public String name() {
    return "txt";
  }

  @Override
  public void check(Schema schema) {
    if (schema.getFields().size() != 1
        || !(schema.getFields().get(0).getType() instanceof ArrowType.Utf8)) {
      throw new PlanException(
          "the text sink writes one string column per line, but the schema is "
              + schema
              + "; select one string column first");
    }
  }

  @Override
  public RowWriter open(OutputStream out, Schema schema) {
    BufferedWriter w =
        new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
    return new RowWriter() {
      @Override
      public void write(Row row) throws IOException {
        Object v = row.get(0);
        if (v != null) {
          w.write(v.toString());
        }
        w.write('\n');
      }

      @Override
      public void close() throws IOException {
        w.close();
      }
    };
  }
}
