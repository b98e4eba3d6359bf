package io.sluice.connectors.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.api.PlanException;
import io.sluice.api.Row;
import io.sluice.api.SimpleRow;
import io.sluice.api.row.SchemaInference;
import io.sluice.connectors.fs.FileEntry;
import io.sluice.connectors.fs.FileSplit;
import io.sluice.connectors.fs.RowFormat;
import io.sluice.connectors.fs.SchemaDdl;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * JSON lines (one object per line) through Jackson: nested objects become structs, arrays lists.
 * The schema is declared ({@code schema}) or inferred from the first {@code sampleRows} lines
 * (default 1000; integers int64, other numbers float64; see {@link SchemaInference}); a field
 * absent from a line is null there. Splittable at line boundaries. Options: {@code schema}, {@code
 * sampleRows}, {@code malformed} (fail or skip).
 */
final class JsonFormat implements RowFormat {

  private static final long serialVersionUID = 1L;
  static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

  private final String schemaDdl;
  private final int sampleRows;
  private final boolean skipMalformed;

  JsonFormat(String schemaDdl, int sampleRows, boolean skipMalformed) {
    this.schemaDdl = schemaDdl;
    this.sampleRows = sampleRows;
    this.skipMalformed = skipMalformed;
  }

  @Override
  public String name() {
    return "json";
  }

  @Override
  public boolean splittable() {
    return true;
  }

  @Override
  public Schema schema(List<FileEntry> files, SplitOpener opener) throws IOException {
    if (schemaDdl != null) {
      return SchemaDdl.parse(schemaDdl);
    }
    List<Row> sample = new ArrayList<>();
    for (FileEntry f : files) {
      try (BufferedReader r = reader(opener.open(f))) {
        String line;
        long n = 0;
        while (sample.size() < sampleRows && (line = r.readLine()) != null) {
          n++;
          if (line.isBlank()) {
            continue;
          }
          try {
            sample.add(toNaturalRow(JSON.readTree(line)));
          } catch (IOException | IllegalArgumentException e) {
            if (!skipMalformed) {
              throw new PlanException(
                  "JSON file " + f.path() + " line " + n + ": " + message(e), e);
            }
          }
        }
      }
      if (sample.size() >= sampleRows) {
        break;
      }
    }
    if (sample.isEmpty()) {
      throw new PlanException(
          "JSON files "
              + files.get(0).path()
              + "... hold no records; declare the schema (option schema)");
    }
    return SchemaInference.infer(sample);
  }

  private static Row toNaturalRow(JsonNode node) {
    if (!node.isObject()) {
      throw new IllegalArgumentException("expected a JSON object, found " + node.getNodeType());
    }
    return (Row) JsonValues.natural(node);
  }

  private static BufferedReader reader(InputStream in) {
    return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
  }

  private static String message(Exception e) {
    return e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
  }

  @Override
  public RowReader open(InputStream in, FileSplit split, Schema schema) {
    BufferedReader r = reader(in);
    List<Field> fields = schema.getFields();
    String[] names = fields.stream().map(Field::getName).toArray(String[]::new);
    String where = split.start() == 0 ? split.path() : split.describe();
    return new RowReader() {
      private long line;
      private long skipped;

      @Override
      public Row next() throws IOException {
        String text;
        while ((text = r.readLine()) != null) {
          line++;
          if (text.isBlank()) {
            continue;
          }
          try {
            JsonNode node = JSON.readTree(text);
            if (!node.isObject()) {
              throw new IllegalArgumentException(
                  "expected a JSON object, found " + node.getNodeType());
            }
            Object[] values = new Object[names.length];
            for (int c = 0; c < names.length; c++) {
              values[c] = JsonValues.convert(node.get(names[c]), fields.get(c), names[c]);
            }
            return SimpleRow.shared(names, values);
          } catch (JsonProcessingException | IllegalArgumentException e) {
            if (skipMalformed) {
              skipped++;
              continue;
            }
            throw new IOException(
                "JSON "
                    + where
                    + " line "
                    + line
                    + ": "
                    + message(e)
                    + " (option malformed=skip skips such lines)",
                e);
          }
        }
        return null;
      }

      @Override
      public long skipped() {
        return skipped;
      }

      @Override
      public void close() throws IOException {
        r.close();
      }
    };
  }
}
