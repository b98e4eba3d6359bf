package io.sluice.remote;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;

/** The server's own words from an error response, short and with the API key masked. */
final class ErrorBodies {

  private static final int MAX_CHARS = 500;

  private ErrorBodies() {}

  /**
   * OpenAI-style {@code {"error": {"message": ...}}} (or {@code "error": "..."}, or {@code
   * detail}), else the raw body.
   */
  static String message(byte[] body, String apiKey) {
    String text = new String(body == null ? new byte[0] : body, StandardCharsets.UTF_8);
    try {
      JsonNode n = RemoteClient.JSON.readTree(text);
      JsonNode err = n.path("error");
      if (err.isObject() && err.path("message").isTextual()) {
        text = err.path("message").asText();
      } else if (err.isTextual()) {
        text = err.asText();
      } else if (n.path("detail").isTextual()) {
        text = n.path("detail").asText();
      } else if (n.path("message").isTextual()) {
        text = n.path("message").asText();
      }
    } catch (Exception notJson) {
      // keep the raw text
    }
    text = ApiKey.redact(text.strip(), apiKey);
    return text.length() <= MAX_CHARS ? text : text.substring(0, MAX_CHARS) + "...";
  }
}
