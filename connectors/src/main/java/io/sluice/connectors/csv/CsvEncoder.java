package io.sluice.connectors.csv;

import io.sluice.api.PlanException;
import io.sluice.api.Row;
import io.sluice.connectors.fs.RowEncoder;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.commons.csv.CSVPrinter;

/**
 * Writes CSV with a header line (option {@code header}), minimal quoting, nulls as the null token;
 * binary as base64, timestamps and dates in ISO-8601. Nested columns (lists, structs) are refused.
 */
final class CsvEncoder implements RowEncoder {

  private static final long serialVersionUID = 1L;

  private final CsvOptions options;

  CsvEncoder(CsvOptions options) {
    this.options = options;
  }

  @Override
  public String name() {
    return "csv";
  }

  @Override
  public void check(Schema schema) {
    for (Field f : schema.getFields()) {
      ArrowType t = f.getType();
      if (t instanceof ArrowType.List
          || t instanceof ArrowType.Struct
          || t instanceof ArrowType.FixedSizeList
          || t instanceof ArrowType.Map
          || t instanceof ArrowType.LargeList) {
        throw new PlanException(
            "CSV cannot hold column '"
                + f.getName()
                + "' of nested type "
                + t
                + "; write JSON lines or Parquet, or flatten it first");
      }
    }
  }

  @Override
  public RowWriter open(OutputStream out, Schema schema) throws IOException {
    CSVPrinter printer =
        new CSVPrinter(new OutputStreamWriter(out, StandardCharsets.UTF_8), options.writeFormat());
    int n = schema.getFields().size();
    if (options.header()) {
      printer.printRecord(schema.getFields().stream().map(Field::getName).toList());
    }
    Object[] values = new Object[n];
    return new RowWriter() {
      @Override
      public void write(Row row) throws IOException {
        for (int c = 0; c < n; c++) {
          Object v = row.get(c);
          values[c] = v == null ? null : CsvValues.format(v);
        }
        printer.printRecord(values);
      }

      @Override
      public void close() throws IOException {
        printer.close(true);
      }
    };
  }
}
