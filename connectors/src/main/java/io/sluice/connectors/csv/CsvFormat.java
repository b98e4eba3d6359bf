package io.sluice.connectors.csv;

import io.sluice.api.PlanException;
import io.sluice.api.Row;
import io.sluice.api.SimpleRow;
import io.sluice.connectors.fs.FileEntry;
import io.sluice.connectors.fs.FileSplit;
import io.sluice.connectors.fs.RowFormat;
import io.sluice.connectors.fs.SchemaDdl;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * CSV through Apache Commons CSV (RFC 4180 quoting, doubled quotes, embedded delimiters and, with
 * {@code multiLine}, line breaks). Types are declared ({@code schema}) or inferred from the first
 * {@code sampleRows} records. Without {@code multiLine}, uncompressed files are split at line
 * boundaries; with it, each file is one task, because a split boundary could fall inside a quoted
 * field and no reader can tell from the middle of a file.
 */
final class CsvFormat implements RowFormat {

  private static final long serialVersionUID = 1L;

  private final CsvOptions options;

  CsvFormat(CsvOptions options) {
    this.options = options;
  }

  @Override
  public String name() {
    return "csv";
  }

  @Override
  public boolean splittable() {
    return !options.multiLine();
  }

  @Override
  public Schema schema(List<FileEntry> files, SplitOpener opener) throws IOException {
    if (options.schemaDdl() != null && !options.header()) {
      return SchemaDdl.parse(options.schemaDdl());
    }
    FileEntry first = files.get(0);
    try (InputStream in = opener.open(first);
        CSVParser p = parser(in)) {
      Iterator<CSVRecord> it = p.iterator();
      List<String> names = new ArrayList<>();
      CSVRecord firstRecord = it.hasNext() ? it.next() : null;
      if (firstRecord == null) {
        throw new PlanException(
            "CSV file " + first.path() + " is empty; declare the schema (option schema)");
      }
      if (options.header()) {
        for (int i = 0; i < firstRecord.size(); i++) {
          String n = firstRecord.get(i);
          names.add(n == null || n.isBlank() ? "c" + i : n);
        }
      } else {
        for (int i = 0; i < firstRecord.size(); i++) {
          names.add("c" + i);
        }
      }
      if (options.schemaDdl() != null) {
        return SchemaDdl.parse(options.schemaDdl());
      }
      CsvTypeInference inference = new CsvTypeInference(names);
      if (!options.header()) {
        inference.add(firstRecord.toList());
      }
      for (int n = 0; n < options.sampleRows() && it.hasNext(); n++) {
        inference.add(it.next().toList());
      }
      return inference.schema();
    } catch (UncheckedIOException e) {
      throw new PlanException(
          "CSV file " + first.path() + " cannot be parsed while sampling: " + e.getMessage(), e);
    }
  }

  private CSVParser parser(InputStream in) throws IOException {
    Reader r = new InputStreamReader(in, StandardCharsets.UTF_8);
    return CSVParser.builder().setReader(r).setFormat(options.readFormat()).get();
  }

  @Override
  public RowReader open(InputStream in, FileSplit split, Schema schema) throws IOException {
    CSVParser parser = parser(in);
    Iterator<CSVRecord> it = parser.iterator();
    List<Field> fields = schema.getFields();
    String[] names = fields.stream().map(Field::getName).toArray(String[]::new);
    ArrowType[] types = fields.stream().map(Field::getType).toArray(ArrowType[]::new);
    String where = split.start() == 0 ? split.path() : split.describe();
    return new RowReader() {
      private long lastLine; // line where the previous record ended
      private boolean headerSkipped = !(split.start() == 0 && options.header());
      private long skipped;

      @Override
      public Row next() throws IOException {
        while (true) {
          CSVRecord rec;
          try {
            if (!it.hasNext()) {
              return null;
            }
            rec = it.next();
          } catch (UncheckedIOException e) {
            throw new IOException(
                "CSV "
                    + where
                    + ": malformed record after line "
                    + (lastLine + 1)
                    + " ("
                    + e.getMessage()
                    + ")",
                e);
          }
          long line = lastLine + 1;
          lastLine = parser.getCurrentLineNumber();
          if (!headerSkipped) {
            headerSkipped = true;
            continue;
          }
          try {
            return toRow(rec);
          } catch (IllegalArgumentException e) {
            if (options.skipMalformed()) {
              skipped++;
              continue;
            }
            throw new IOException(
                "CSV "
                    + where
                    + " line "
                    + line
                    + ": "
                    + e.getMessage()
                    + " (option malformed=skip skips such records)",
                e);
          }
        }
      }

      private Row toRow(CSVRecord rec) {
        if (rec.size() != names.length) {
          throw new IllegalArgumentException(
              "expected " + names.length + " fields, found " + rec.size());
        }
        Object[] values = new Object[names.length];
        for (int c = 0; c < names.length; c++) {
          String s = rec.get(c);
          if (s == null) {
            continue;
          }
          try {
            values[c] = CsvValues.parse(s, types[c]);
          } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                "column '"
                    + names[c]
                    + "': cannot read '"
                    + abbreviate(s)
                    + "' as "
                    + types[c]
                    + " ("
                    + e.getMessage()
                    + ")",
                e);
          }
        }
        return SimpleRow.shared(names, values);
      }

      @Override
      public long skipped() {
        return skipped;
      }

      @Override
      public void close() throws IOException {
        parser.close();
      }
    };
  }

  private static String abbreviate(String s) {
    return s.length() <= 60 ? s : s.substring(0, 57) + "...";
  }
}
