package io.sluice.cli.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.NodePath;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The shipped JSON Schema of job files ({@code job-v1.schema.json}, draft 2020-12), checked before
 * anything else reads the job. Every violation becomes a {@link JobFileException.Problem} with the
 * line and key it concerns.
 */
public final class JobSchema {

  /** Class-path location of the schema; docs/job-files.md describes it. */
  public static final String RESOURCE = "/io/sluice/cli/job/job-v1.schema.json";

  private static final Schema SCHEMA = load();
  private static final JsonNode TREE = tree();

  private JobSchema() {}

  private static Schema load() {
    try (InputStream in = JobSchema.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(
            "the job schema " + RESOURCE + " is missing from the class path");
      }
      return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
          .getSchema(in, InputFormat.JSON);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static JsonNode tree() {
    try (InputStream in = JobSchema.class.getResourceAsStream(RESOURCE)) {
      return new ObjectMapper().readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The keys the schema allows where {@code evaluationPath} (ending in additionalProperties)
   * points, following local {@code $ref}s; empty when it cannot tell.
   */
  private static List<String> allowedKeys(NodePath evaluationPath) {
    JsonNode node = TREE;
    for (int i = 0; i < evaluationPath.getNameCount() - 1 && node != null; i++) {
      String part = String.valueOf(evaluationPath.getElement(i));
      if (part.equals("$ref") && node.has("$ref")) {
        node = TREE.at(node.get("$ref").asText().substring(1));
      } else {
        node = node.get(part);
      }
    }
    List<String> keys = new ArrayList<>();
    if (node != null && node.has("properties")) {
      node.get("properties").fieldNames().forEachRemaining(keys::add);
    }
    return keys;
  }

  /** Throws naming every problem (line order) when {@code doc} does not follow the schema. */
  public static void validate(String file, YamlDocument doc) {
    List<Error> errors = SCHEMA.validate(doc.root());
    if (errors.isEmpty()) {
      return;
    }
    List<JobFileException.Problem> problems = new ArrayList<>();
    for (Error e : errors) {
      String pointer = pointer(e.getInstanceLocation());
      // "required" and "additionalProperties" concern a property of the object at the location
      String property = e.getProperty();
      String keyPointer =
          property != null && !"required".equals(e.getKeyword())
              ? pointer + "/" + property
              : pointer;
      String key =
          YamlDocument.key(
              property != null && "required".equals(e.getKeyword())
                  ? pointer + "/" + property
                  : keyPointer);
      JobFileException.Problem p =
          new JobFileException.Problem(doc.lineOf(keyPointer), key, describe(e));
      if (!problems.contains(p)) {
        problems.add(p);
      }
    }
    problems.sort(Comparator.comparingInt(JobFileException.Problem::line));
    throw new JobFileException(file, problems);
  }

  private static String pointer(NodePath path) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < path.getNameCount(); i++) {
      sb.append('/')
          .append(String.valueOf(path.getElement(i)).replace("~", "~0").replace("/", "~1"));
    }
    return sb.toString();
  }

  /**
   * The validator's message without its leading location ("$.sink.mode: "), which the key already
   * says.
   */
  private static String describe(Error e) {
    String m = e.getMessage();
    int colon = m.indexOf(": ");
    if (m.startsWith("$") && colon > 0) {
      m = m.substring(colon + 2);
    }
    return switch (e.getKeyword() == null ? "" : e.getKeyword()) {
      case "additionalProperties" -> {
        List<String> allowed = allowedKeys(e.getEvaluationPath());
        yield "unknown key '"
            + e.getProperty()
            + "'"
            + (allowed.isEmpty() ? " (" + m + ")" : "; expected one of " + allowed);
      }
      case "required" -> "missing (" + m + ")";
      default -> m;
    };
  }
}
