package io.sluice.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.api.SluiceException;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.FieldVector;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * {@code POST /v1/chat/completions}: a user message rendered from the row's columns (and an
 * optional constant system message) in, the first choice's message content out as a utf8 column,
 * or, with {@code structured}, parsed into one column per property of its JSON Schema. Sampling
 * parameters are constants of the stage. One row per request.
 *
 * @param prompt the user message template
 * @param systemPrompt constant system message, or null
 * @param outputColumn utf8 column written (replaced when it exists); unused with {@code structured}
 * @param temperature sampling temperature, or NaN to leave it to the server
 * @param maxTokens completion token limit, or 0 to leave it to the server
 * @param structured JSON-mode output ({@code response_format: json_schema}), or null for text
 */
record ChatCompletions(
    PromptTemplate prompt,
    String systemPrompt,
    String outputColumn,
    double temperature,
    int maxTokens,
    StructuredOutput structured)
    implements PromptedTextOperation {

  ChatCompletions(
      PromptTemplate prompt,
      String systemPrompt,
      String outputColumn,
      double temperature,
      int maxTokens) {
    this(prompt, systemPrompt, outputColumn, temperature, maxTokens, null);
  }

  @Override
  public List<Field> declaredOutputFields(Schema input, String stage) {
    if (structured == null) {
      return PromptedTextOperation.super.declaredOutputFields(input, stage);
    }
    prompt().validate(input, stage);
    return structured.fields();
  }

  @Override
  public List<FieldVector> columns(Object[] values, int rows, BufferAllocator allocator) {
    return structured == null
        ? PromptedTextOperation.super.columns(values, rows, allocator)
        : structured.vectors(values, rows, allocator);
  }

  @Override
  public String path() {
    return "/chat/completions";
  }

  @Override
  public byte[] body(List<String> inputs, String model) throws Exception {
    ObjectNode body = RemoteClient.JSON.createObjectNode();
    body.put("model", model);
    ArrayNode messages = body.putArray("messages");
    if (systemPrompt != null) {
      messages.addObject().put("role", "system").put("content", systemPrompt);
    }
    messages.addObject().put("role", "user").put("content", inputs.get(0));
    putSampling(body);
    if (structured != null) {
      structured.putResponseFormat(body);
    }
    return RemoteClient.JSON.writeValueAsBytes(body);
  }

  @Override
  public long estimatedTokens(List<String> inputs) {
    long bytes = inputs.get(0).length() + (systemPrompt == null ? 0 : systemPrompt.length());
    return 1 + bytes / 4 + Math.max(0, maxTokens);
  }

  @Override
  public List<Object> parse(JsonNode response, int n) {
    JsonNode content = response.path("choices").path(0).path("message").path("content");
    if (!content.isTextual()) {
      throw new SluiceException("chat completion response has no choices[0].message.content");
    }
    return List.of(structured == null ? content.asText() : structured.parse(content.asText()));
  }
}
