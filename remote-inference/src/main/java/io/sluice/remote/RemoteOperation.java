package io.sluice.remote;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.Serializable;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * One kind of call (embeddings, chat completions): how rows become request inputs and bodies, and
 * how responses become an output column. Immutable; implementations are stateless.
 *
 * <p>Call order per batch: {@link #inputs}, then {@link #body} / {@link #parse} per request (from
 * several threads), then {@link #columns} once. {@link #parse} may throw {@link
 * RowRejectedException} for a one-input request whose answer does not fit (structured output): that
 * row's error.
 */
interface RemoteOperation extends Serializable {

  /** The path under {@code /v1}. */
  String path();

  /**
   * Checks the input columns (a {@link io.sluice.api.PlanException} naming what is missing) and
   * returns the output field, or null when it depends on the first response.
   */
  Field declaredOutputField(Schema input, String stage);

  /**
   * The output fields, in order (each replaces an input column of its name or is appended); by
   * default the one {@link #declaredOutputField}. Null when they depend on the first response.
   */
  default List<Field> declaredOutputFields(Schema input, String stage) {
    Field f = declaredOutputField(input, stage);
    return f == null ? null : List.of(f);
  }

  /** Each row's request input, null for rows that get a null output without a request. */
  String[] inputs(VectorSchemaRoot batch);

  /** Row inputs one request may carry. */
  int maxInputsPerRequest();

  /** The JSON request body for {@code inputs}. */
  byte[] body(List<String> inputs, String model) throws Exception;

  /**
   * Tokens a request for {@code inputs} is charged against a tokens-per-minute limit before its
   * {@code usage} is known: about four UTF-8 bytes per token, plus the completion tokens it may
   * produce; corrected from the response.
   */
  default long estimatedTokens(List<String> inputs) {
    long bytes = 0;
    for (String s : inputs) {
      bytes += s.length();
    }
    return 1 + bytes / 4;
  }

  /** One value per input, in order; throws on a response that does not fit. */
  List<Object> parse(JsonNode response, int inputs);

  /** The output column from per-row values (null entries are null rows). */
  FieldVector column(Object[] values, int rows, BufferAllocator allocator);

  /**
   * The output columns, matching {@link #declaredOutputFields}; by default the one {@link #column}.
   * Ownership passes to the caller.
   */
  default List<FieldVector> columns(Object[] values, int rows, BufferAllocator allocator) {
    return List.of(column(values, rows, allocator));
  }
}
