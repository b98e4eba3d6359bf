package io.sluice.connectors.parquet.convert;

import io.sluice.api.arrow.ExtensionTypes;
import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.Map;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * The Arrow schema a writer stores in the Parquet footer's key-value metadata, so that types
 * Parquet cannot express ({@code fixed_size_list}, time zones, list child names) read back exactly.
 * Stored as the base64 Arrow IPC schema message, which keeps extension types (Arrow's JSON form
 * cannot read them back); files written with the earlier JSON form still read.
 */
public final class ArrowSchemaMetadata {

  /** Footer key holding the Arrow schema. */
  public static final String KEY = "sluice.arrow.schema";

  static {
    ExtensionTypes.register();
  }

  private ArrowSchemaMetadata() {}

  public static String encode(Schema schema) {
    return Base64.getEncoder().encodeToString(schema.serializeAsMessage());
  }

  /**
   * The stored schema, or {@code null} when absent or unreadable (then only the Parquet schema
   * counts).
   */
  public static Schema decode(Map<String, String> keyValueMetadata) {
    String stored = keyValueMetadata.get(KEY);
    if (stored == null) {
      return null;
    }
    try {
      return stored.startsWith("{")
          ? Schema.fromJSON(stored)
          : Schema.deserializeMessage(ByteBuffer.wrap(Base64.getDecoder().decode(stored)));
    } catch (Exception e) {
      return null;
    }
  }
}
