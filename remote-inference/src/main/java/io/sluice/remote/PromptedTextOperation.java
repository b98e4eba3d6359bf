package io.sluice.remote;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * What the text-generation operations ({@link Completions}, {@link ChatCompletions}) share: one
 * row's rendered prompt per request, the sampling settings, and a utf8 output column.
 * Implementations are records whose components supply the accessors below; call-order rules are
 * {@link RemoteOperation}'s.
 */
interface PromptedTextOperation extends RemoteOperation {

  PromptTemplate prompt();

  String outputColumn();

  /** Sampling temperature, or NaN to leave it to the server. */
  double temperature();

  /** Completion token limit, or 0 to leave it to the server. */
  int maxTokens();

  @Override
  default Field declaredOutputField(Schema input, String stage) {
    prompt().validate(input, stage);
    return new Field(outputColumn(), FieldType.nullable(ArrowType.Utf8.INSTANCE), null);
  }

  @Override
  default String[] inputs(VectorSchemaRoot batch) {
    return prompt().render(batch);
  }

  @Override
  default int maxInputsPerRequest() {
    return 1;
  }

  @Override
  default FieldVector column(Object[] values, int rows, BufferAllocator allocator) {
    return Utf8Columns.of(outputColumn(), values, rows, allocator);
  }

  /** Adds the sampling settings that were set to a request body. */
  default void putSampling(ObjectNode body) {
    if (!Double.isNaN(temperature())) {
      body.put("temperature", temperature());
    }
    if (maxTokens() > 0) {
      body.put("max_tokens", maxTokens());
    }
  }
}
