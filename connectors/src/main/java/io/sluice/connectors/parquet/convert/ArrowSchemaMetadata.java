package io.sluice.connectors.parquet.convert;

import java.io.IOException;
import java.util.Map;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The Arrow schema a writer stores in the Parquet footer's key-value metadata, so that types Parquet
 * cannot express ({@code fixed_size_list}, time zones, list child names) read back exactly.
 */
public final class ArrowSchemaMetadata {

  /** Footer key holding the Arrow schema as JSON. */
  public static final String KEY = "sluice.arrow.schema";

  private ArrowSchemaMetadata() {}

  public static String encode(Schema schema) {
    return schema.toJson();
  }

  /** The stored schema, or {@code null} when absent or unreadable (then only the Parquet schema counts). */
  public static Schema decode(Map<String, String> keyValueMetadata) {
    String json = keyValueMetadata.get(KEY);
    if (json == null) {
      return null;
    }
    try {
      return Schema.fromJSON(json);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }
}
