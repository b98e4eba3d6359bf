package io.sluice.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.api.SluiceException;
import java.util.List;

/**
 * {@code POST /v1/completions} (the plain-prompt API that base models and vLLM serve): a prompt
 * rendered from the row's columns in, the first choice's {@code text} out as a utf8 column.
 * Sampling parameters are constants of the stage. One row per request.
 *
 * @param prompt the prompt template
 * @param outputColumn utf8 column written (replaced when it exists)
 * @param temperature sampling temperature, or NaN to leave it to the server
 * @param maxTokens completion token limit, or 0 to leave it to the server
 */
record Completions(PromptTemplate prompt, String outputColumn, double temperature, int maxTokens)
    implements PromptedTextOperation {

  @Override
  public String path() {
    return "/completions";
  }

  @Override
  public byte[] body(List<String> inputs, String model) throws Exception {
    ObjectNode body = RemoteClient.JSON.createObjectNode();
    body.put("model", model).put("prompt", inputs.get(0));
    putSampling(body);
    return RemoteClient.JSON.writeValueAsBytes(body);
  }

  @Override
  public long estimatedTokens(List<String> inputs) {
    return 1 + inputs.get(0).length() / 4 + Math.max(0, maxTokens);
  }

  @Override
  public List<Object> parse(JsonNode response, int n) {
    JsonNode text = response.path("choices").path(0).path("text");
    if (!text.isTextual()) {
      throw new SluiceException("completion response has no choices[0].text");
    }
    return List.of(text.asText());
  }
}
