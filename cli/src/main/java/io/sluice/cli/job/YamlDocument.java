package io.sluice.cli.job;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * A parsed YAML document plus the line of every key and value in it, by JSON pointer ({@code
 * /steps/2/filter}), so that validation errors can name the line. Jackson's tree drops locations,
 * so a second, streaming pass over the same text records them.
 */
public record YamlDocument(JsonNode root, Map<String, Integer> lines) {

  private static final YAMLFactory YAML = YAMLFactory.builder().build();
  private static final ObjectMapper MAPPER = new ObjectMapper(YAML);

  /** Parses {@code text}; a syntax error names the line and column. */
  public static YamlDocument parse(String file, String text) {
    JsonNode root;
    try {
      root = MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
      throw new JobFileException(file, line, "", "not valid YAML: " + e.getOriginalMessage());
    }
    if (root == null || root.isMissingNode() || root.isNull()) {
      throw new JobFileException(
          file, 1, "", "the file is empty; expected a job (version, name, source, sink)");
    }
    return new YamlDocument(root, locate(text));
  }

  private static Map<String, Integer> locate(String text) {
    Map<String, Integer> lines = new HashMap<>();
    try (JsonParser p = YAML.createParser(text)) {
      JsonToken t;
      while ((t = p.nextToken()) != null) {
        if (t == JsonToken.FIELD_NAME) {
          // the key's own pointer is its value's; record the key's line first (values may be
          // blocks)
          String pointer = p.getParsingContext().pathAsPointer().toString();
          lines.putIfAbsent(pointer, p.currentTokenLocation().getLineNr());
        } else if (t != JsonToken.END_OBJECT && t != JsonToken.END_ARRAY) {
          String pointer = p.getParsingContext().pathAsPointer().toString();
          lines.putIfAbsent(pointer, p.currentTokenLocation().getLineNr());
        }
      }
    } catch (IOException e) {
      // already parsed once: cannot fail differently; lines stay partial
    }
    return lines;
  }

  /** The line of the node at {@code pointer}, else of its nearest ancestor; 0 when unknown. */
  public int lineOf(String pointer) {
    String p = pointer;
    while (true) {
      Integer line = lines.get(p);
      if (line != null) {
        return line;
      }
      if (p.isEmpty()) {
        return 0;
      }
      int slash = p.lastIndexOf('/');
      p = slash <= 0 ? "" : p.substring(0, slash);
    }
  }

  /** A JSON pointer as people read it: {@code /steps/2/filter} becomes {@code steps[2].filter}. */
  public static String key(String pointer) {
    StringBuilder sb = new StringBuilder();
    for (String part : pointer.split("/")) {
      if (part.isEmpty()) {
        continue;
      }
      String name = part.replace("~1", "/").replace("~0", "~");
      if (name.chars().allMatch(Character::isDigit)) {
        sb.append('[').append(name).append(']');
      } else {
        sb.append(sb.length() == 0 ? "" : ".").append(name);
      }
    }
    return sb.toString();
  }
}
