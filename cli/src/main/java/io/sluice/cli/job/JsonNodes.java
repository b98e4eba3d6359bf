package io.sluice.cli.job;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Plain values out of a validated job file's nodes; a missing node gives an empty result. */
final class JsonNodes {

  private JsonNodes() {}

  /** An object's fields as text, in file order. */
  static Map<String, String> strings(JsonNode node) {
    Map<String, String> m = new LinkedHashMap<>();
    if (node != null) {
      node.fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().asText()));
    }
    return m;
  }

  /** An array's elements as text. */
  static List<String> texts(JsonNode node) {
    List<String> l = new ArrayList<>();
    if (node != null) {
      node.forEach(n -> l.add(n.asText()));
    }
    return l;
  }
}
