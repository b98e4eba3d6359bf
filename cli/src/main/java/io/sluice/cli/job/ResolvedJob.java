package io.sluice.cli.job;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.sluice.connectors.fs.FsConfig;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One run's job: the typed spec, the date and parameters it was resolved with, and the resolved
 * document (for {@code --dry-run} and the run report, where credentials are redacted).
 *
 * @param file the job file, as named on the command line
 * @param spec the typed job
 * @param date the run date
 * @param params parameter values after {@code --set}
 * @param resolved the document with every template replaced
 * @param document the file as parsed, for the lines of keys in later errors
 */
public record ResolvedJob(
    String file,
    JobSpec spec,
    LocalDate date,
    Map<String, String> params,
    JsonNode resolved,
    YamlDocument document) {

  /** What a redacted value reads as. */
  public static final String REDACTED = "<redacted>";

  private static final ObjectMapper YAML =
      new ObjectMapper(
          YAMLFactory.builder()
              .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
              .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
              .build());

  /**
   * The line of the key at {@code pointer} (e.g. {@code /execution/resumable}), else of its parent;
   * 0 if none.
   */
  public int lineOf(String pointer) {
    return document.lineOf(pointer);
  }

  /**
   * The job id of this run: the name and the date, so that re-running the same date resumes it.
   * Kept under the 40 characters commit protocols use whole (longer names are shortened with a
   * hash).
   */
  public String jobId() {
    String name = spec.name();
    if (name.length() > 29) {
      name = name.substring(0, 20) + "-" + String.format("%08x", spec.name().hashCode());
    }
    return name + "-" + date;
  }

  /** The resolved document with credential values (by key, e.g. fs.s3a.secret.key) replaced. */
  public JsonNode redacted() {
    return redact(resolved.deepCopy());
  }

  /** Parameters with credential-like names redacted. */
  public Map<String, String> redactedParams() {
    Map<String, String> m = new LinkedHashMap<>();
    params.forEach((k, v) -> m.put(k, FsConfig.isSensitive(k) ? REDACTED : v));
    return m;
  }

  /** The redacted document as YAML. */
  public String redactedYaml() {
    try {
      return YAML.writeValueAsString(redacted());
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonNode redact(JsonNode node) {
    if (node instanceof ObjectNode o) {
      for (var it = o.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        if (FsConfig.isSensitive(e.getKey()) && e.getValue().isValueNode()) {
          e.setValue(TextNode.valueOf(REDACTED));
        } else {
          redact(e.getValue());
        }
      }
    } else if (node instanceof ArrayNode a) {
      a.forEach(ResolvedJob::redact);
    }
    return node;
  }
}
