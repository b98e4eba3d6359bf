package io.sluice.api.format;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * JSON Lines settings (one object per line). Immutable; each {@code with} method returns a copy.
 *
 * @param sampleRows records looked at to infer the schema (default 1000)
 * @param skipMalformed lines that are not JSON objects of the schema are skipped and counted
 *     instead of failing the task (default false)
 * @param schema the declared schema as DDL, or null to infer
 * @param extras other source or sink options by name (see {@link FormatOptions#merge})
 */
public record JsonOptions(
    int sampleRows, boolean skipMalformed, String schema, Map<String, String> extras)
    implements FormatOptions {

  public JsonOptions {
    if (sampleRows <= 0) {
      throw new IllegalArgumentException("sampleRows must be positive, got " + sampleRows);
    }
    extras = Map.copyOf(extras);
  }

  public static JsonOptions defaults() {
    return new JsonOptions(1000, false, null, Map.of());
  }

  public JsonOptions withSampleRows(int sampleRows) {
    return new JsonOptions(sampleRows, skipMalformed, schema, extras);
  }

  /** Skip and count malformed lines instead of failing. */
  public JsonOptions skippingMalformed() {
    return new JsonOptions(sampleRows, true, schema, extras);
  }

  public JsonOptions withSchema(String ddl) {
    return new JsonOptions(sampleRows, skipMalformed, ddl, extras);
  }

  public JsonOptions withOption(String key, String value) {
    return new JsonOptions(
        sampleRows, skipMalformed, schema, FormatOptions.merge(extras, Map.of(key, value)));
  }

  @Override
  public Map<String, String> toMap() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("sampleRows", Integer.toString(sampleRows));
    m.put("malformed", skipMalformed ? "skip" : "fail");
    if (schema != null) {
      m.put("schema", schema);
    }
    return FormatOptions.merge(extras, m);
  }
}
