package io.sluice.operators.core;

import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import org.apache.arrow.vector.types.pojo.Schema;

/** An Arrow {@link Schema} that survives Java serialization (factories must be serializable). */
final class SchemaHolder implements Serializable {

  private static final long serialVersionUID = 1L;

  private final String json;
  private transient Schema schema;

  private SchemaHolder(Schema schema) {
    this.json = schema.toJson();
    this.schema = schema;
  }

  /** Null for null. */
  static SchemaHolder of(Schema schema) {
    return schema == null ? null : new SchemaHolder(schema);
  }

  Schema get() {
    if (schema == null) {
      try {
        schema = Schema.fromJSON(json);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return schema;
  }
}
