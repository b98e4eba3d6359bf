package io.sluice.api.format;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CSV settings, for reading and writing. Immutable; each {@code with} method returns a copy.
 *
 * @param header the first record holds column names (default true)
 * @param delimiter field separator (default {@code ,})
 * @param quote quote character (default {@code "})
 * @param nullValue an unquoted field equal to it is null (default empty)
 * @param multiLine quoted fields may hold line breaks (default false): files are then read whole,
 *     one task each, since a split boundary could fall inside a quoted field
 * @param sampleRows records looked at to infer types (default 1000)
 * @param skipMalformed records with the wrong field count or unparsable values are skipped and
 *     counted instead of failing the task (default false)
 * @param schema the declared schema as DDL ({@code "id BIGINT, text STRING"}), or null to infer
 * @param extras other source or sink options by name (see {@link FormatOptions#merge})
 */
public record CsvOptions(
    boolean header,
    char delimiter,
    char quote,
    String nullValue,
    boolean multiLine,
    int sampleRows,
    boolean skipMalformed,
    String schema,
    Map<String, String> extras)
    implements FormatOptions {

  public CsvOptions {
    if (sampleRows <= 0) {
      throw new IllegalArgumentException("sampleRows must be positive, got " + sampleRows);
    }
    nullValue = nullValue == null ? "" : nullValue;
    extras = Map.copyOf(extras);
  }

  public static CsvOptions defaults() {
    return new CsvOptions(true, ',', '"', "", false, 1000, false, null, Map.of());
  }

  public CsvOptions withHeader(boolean header) {
    return new CsvOptions(
        header, delimiter, quote, nullValue, multiLine, sampleRows, skipMalformed, schema, extras);
  }

  public CsvOptions withDelimiter(char delimiter) {
    return new CsvOptions(
        header, delimiter, quote, nullValue, multiLine, sampleRows, skipMalformed, schema, extras);
  }

  public CsvOptions withQuote(char quote) {
    return new CsvOptions(
        header, delimiter, quote, nullValue, multiLine, sampleRows, skipMalformed, schema, extras);
  }

  public CsvOptions withNullValue(String nullValue) {
    return new CsvOptions(
        header, delimiter, quote, nullValue, multiLine, sampleRows, skipMalformed, schema, extras);
  }

  public CsvOptions withMultiLine(boolean multiLine) {
    return new CsvOptions(
        header, delimiter, quote, nullValue, multiLine, sampleRows, skipMalformed, schema, extras);
  }

  public CsvOptions withSampleRows(int sampleRows) {
    return new CsvOptions(
        header, delimiter, quote, nullValue, multiLine, sampleRows, skipMalformed, schema, extras);
  }

  /** Skip and count malformed records instead of failing. */
  public CsvOptions skippingMalformed() {
    return new CsvOptions(
        header, delimiter, quote, nullValue, multiLine, sampleRows, true, schema, extras);
  }

  public CsvOptions withSchema(String ddl) {
    return new CsvOptions(
        header, delimiter, quote, nullValue, multiLine, sampleRows, skipMalformed, ddl, extras);
  }

  public CsvOptions withOption(String key, String value) {
    return new CsvOptions(
        header,
        delimiter,
        quote,
        nullValue,
        multiLine,
        sampleRows,
        skipMalformed,
        schema,
        FormatOptions.merge(extras, Map.of(key, value)));
  }

  @Override
  public Map<String, String> toMap() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("header", Boolean.toString(header));
    m.put("delimiter", delimiter == '\t' ? "\\t" : String.valueOf(delimiter));
    m.put("quote", String.valueOf(quote));
    m.put("nullValue", nullValue);
    m.put("multiLine", Boolean.toString(multiLine));
    m.put("sampleRows", Integer.toString(sampleRows));
    m.put("malformed", skipMalformed ? "skip" : "fail");
    if (schema != null) {
      m.put("schema", schema);
    }
    return FormatOptions.merge(extras, m);
  }
}
