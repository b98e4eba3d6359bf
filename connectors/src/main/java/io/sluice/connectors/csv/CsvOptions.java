package io.sluice.connectors.csv;

import io.sluice.connectors.fs.Options;
import java.io.Serializable;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.QuoteMode;

/**
 * CSV settings from source or sink options.
 *
 * @param header first record holds column names ({@code header}, default true)
 * @param delimiter {@code delimiter}, default {@code ,} ({@code \t} for tab)
 * @param quote {@code quote}, default {@code "}
 * @param nullToken an unquoted field equal to it is null ({@code nullValue}, default empty)
 * @param multiLine quoted fields may hold line breaks ({@code multiLine}, default false); then
 *     files are read whole, one task each, since a split boundary could fall inside a quoted field
 * @param sampleRows records looked at to infer types ({@code sampleRows}, default 1000)
 * @param skipMalformed {@code malformed=skip}: records with the wrong field count or unparsable
 *     values are skipped and counted instead of failing the task
 * @param schemaDdl the declared schema ({@code schema}, see {@link
 *     io.sluice.connectors.fs.SchemaDdl}), or null to infer
 */
record CsvOptions(
    boolean header,
    char delimiter,
    char quote,
    String nullToken,
    boolean multiLine,
    int sampleRows,
    boolean skipMalformed,
    String schemaDdl)
    implements Serializable {

  static CsvOptions from(Map<String, String> o) {
    return new CsvOptions(
        Options.bool(o, "header", true),
        Options.character(o, "delimiter", ','),
        Options.character(o, "quote", '"'),
        o.getOrDefault("nullValue", ""),
        Options.bool(o, "multiLine", false),
        (int) Math.min(Options.positiveLong(o, "sampleRows", 1000), 1_000_000),
        Options.skipMalformed(o),
        o.get("schema"));
  }

  /**
   * The parser's format. Quoted fields are never null (strict quote mode), so {@code ""} reads as
   * an empty string and an unquoted empty field as null, as DuckDB, Spark and PostgreSQL write
   * them.
   */
  CSVFormat readFormat() {
    return CSVFormat.RFC4180
        .builder()
        .setDelimiter(delimiter)
        .setQuote(quote)
        .setNullString(nullToken)
        .setQuoteMode(QuoteMode.ALL_NON_NULL)
        .setIgnoreEmptyLines(true)
        .setTrim(false)
        .get();
  }

  CSVFormat writeFormat() {
    return CSVFormat.RFC4180
        .builder()
        .setDelimiter(delimiter)
        .setQuote(quote)
        .setNullString(nullToken)
        .setQuoteMode(QuoteMode.MINIMAL)
        .setRecordSeparator('\n')
        .get();
  }
}
