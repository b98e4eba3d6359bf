package io.sluice.cli.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.sluice.api.ErrorPolicy;
import io.sluice.api.spi.WriteMode;
import io.sluice.api.spi.WriteOptions;
import io.sluice.cli.ByteSize;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a job file: YAML, checked against the shipped schema ({@link JobSchema}), templates
 * resolved ({@link Templates}), then typed ({@link JobSpec}). Every problem names the line and key.
 */
public final class JobFiles {

  /** Lease timeout when the file sets none. */
  public static final Duration DEFAULT_LEASE_TIMEOUT = Duration.ofMinutes(10);

  private JobFiles() {}

  /**
   * Loads {@code file} for one run.
   *
   * @param date the run date ({@code --date}), or null for today in the job's zone per {@code
   *     clock}
   * @param sets {@code --set NAME=VALUE} parameters; they override the file's {@code params:}
   */
  public static ResolvedJob load(Path file, LocalDate date, Map<String, String> sets, Clock clock) {
    String name = file.toString();
    String text;
    try {
      text = Files.readString(file);
    } catch (IOException e) {
      throw new JobFileException(name, 0, "", "cannot read the job file: " + e);
    }
    return parse(name, text, date, sets, clock);
  }

  /** As {@link #load}, from text; {@code name} is used in messages. */
  public static ResolvedJob parse(
      String name, String text, LocalDate date, Map<String, String> sets, Clock clock) {
    YamlDocument doc = YamlDocument.parse(name, text);
    JobSchema.validate(name, doc);
    JsonNode root = doc.root();
    Problems problems = new Problems(name, doc);

    ZoneId zone = ZoneId.of("UTC");
    if (root.has("zone")) {
      try {
        zone = ZoneId.of(root.get("zone").asText());
      } catch (DateTimeException e) {
        problems.add(
            "/zone",
            "unknown time zone '"
                + root.get("zone").asText()
                + "'; expected a region such as"
                + " UTC, Europe/Paris or America/New_York");
      }
    }
    LocalDate runDate = date != null ? date : LocalDate.now(clock.withZone(zone));
    Map<String, String> params = new LinkedHashMap<>();
    root.path("params")
        .fields()
        .forEachRemaining(e -> params.put(e.getKey(), e.getValue().asText()));
    params.putAll(sets);
    problems.throwIfAny();

    Templates templates = new Templates(runDate, params);
    JsonNode resolved = resolveAll(root.deepCopy(), "", templates, problems);
    problems.throwIfAny();
    JobSpec spec = toSpec(resolved, zone, doc, problems);
    problems.throwIfAny();
    return new ResolvedJob(name, spec, runDate, Map.copyOf(params), resolved, doc);
  }

  /** Resolves templates in every string of the tree, in place. */
  private static JsonNode resolveAll(
      JsonNode node, String pointer, Templates t, Problems problems) {
    if (node.isTextual()) {
      try {
        return TextNode.valueOf(t.resolve(node.asText()));
      } catch (IllegalArgumentException e) {
        problems.add(pointer, e.getMessage());
        return node;
      }
    }
    if (node instanceof ObjectNode o) {
      Iterator<Map.Entry<String, JsonNode>> it = o.fields();
      List<Map.Entry<String, JsonNode>> entries = new ArrayList<>();
      it.forEachRemaining(entries::add);
      for (Map.Entry<String, JsonNode> e : entries) {
        o.set(e.getKey(), resolveAll(e.getValue(), pointer + "/" + e.getKey(), t, problems));
      }
    } else if (node instanceof ArrayNode a) {
      for (int i = 0; i < a.size(); i++) {
        a.set(i, resolveAll(a.get(i), pointer + "/" + i, t, problems));
      }
    }
    return node;
  }

  private static JobSpec toSpec(JsonNode root, ZoneId zone, YamlDocument doc, Problems problems) {
    JsonNode src = root.get("source");
    JsonNode paths = src.get("paths");
    List<String> pathList = new ArrayList<>();
    if (paths.isTextual()) {
      pathList.add(paths.asText());
    } else {
      paths.forEach(p -> pathList.add(p.asText()));
    }
    JobSpec.DemoCorpus demo = null;
    if (src.has("demo_corpus")) {
      JsonNode d = src.get("demo_corpus");
      try {
        demo =
            new JobSpec.DemoCorpus(
                Long.parseLong(d.get("rows").asText()),
                Long.parseLong(d.path("seed").asText("42")));
        if (demo.rows() < 1) {
          throw new NumberFormatException();
        }
      } catch (NumberFormatException e) {
        problems.add(
            "/source/demo_corpus",
            "rows must be a whole number >= 1 and seed a whole number, got " + d);
      }
      if (!src.get("format").asText().equals("parquet")) {
        problems.add("/source/demo_corpus", "the demo corpus is Parquet: needs format: parquet");
      }
    }
    JobSpec.Source source =
        new JobSpec.Source(
            src.get("format").asText(),
            pathList,
            JsonNodes.strings(src.get("options")),
            JsonNodes.texts(src.get("projection")),
            demo);

    List<JobSpec.Step> steps = new ArrayList<>();
    JsonNode stepNodes = root.path("steps");
    for (int i = 0; i < stepNodes.size(); i++) {
      Map.Entry<String, JsonNode> e = stepNodes.get(i).fields().next();
      String pointer = "/steps/" + i + "/" + e.getKey();
      steps.add(
          new JobSpec.Step(
              e.getKey(), e.getValue(), YamlDocument.key(pointer), doc.lineOf(pointer)));
      if (e.getKey().equals("onnx")
          && !e.getValue().has("outputs")
          && !e.getValue().has("mean_pooled")) {
        problems.add(
            pointer,
            "names no output; expected outputs: {TENSOR: COLUMN} and/or mean_pooled:"
                + " {TENSOR: COLUMN}");
      }
    }

    JsonNode snk = root.get("sink");
    WriteMode mode =
        switch (snk.path("mode").asText("error")) {
          case "overwrite" -> WriteMode.OVERWRITE;
          case "append" -> WriteMode.APPEND;
          default -> WriteMode.ERROR_IF_EXISTS;
        };
    long fileBytes =
        size(
            snk.get("file_size"),
            "/sink/file_size",
            problems,
            WriteOptions.DEFAULT_TARGET_FILE_BYTES);
    JobSpec.Sink sink =
        new JobSpec.Sink(
            snk.get("format").asText(),
            snk.get("path").asText(),
            mode,
            fileBytes,
            JsonNodes.strings(snk.get("options")));

    JsonNode ex = root.path("execution");
    Long budget =
        ex.has("memory_budget")
            ? size(ex.get("memory_budget"), "/execution/memory_budget", problems, 0)
            : null;
    ErrorPolicy.OnError onError =
        "skip".equals(ex.path("on_error").asText("fail"))
            ? ErrorPolicy.OnError.SKIP
            : ErrorPolicy.OnError.FAIL;
    JobSpec.Execution execution =
        new JobSpec.Execution(
            budget,
            intOrNull(ex, "cpu_slots"),
            intOrNull(ex, "gpu_slots"),
            intOrNull(ex, "actors"),
            intOrNull(ex, "max_task_retries"),
            intOrNull(ex, "max_actor_restarts"),
            onError,
            ex.path("max_errored_rows").asLong(1000),
            ex.path("max_errored_blocks").asLong(0),
            ex.has("warn_errored_rows") ? ex.get("warn_errored_rows").asLong() : null,
            ex.has("dead_letter_path") ? ex.get("dead_letter_path").asText() : null,
            ex.has("resumable") ? ex.get("resumable").asBoolean() : null,
            ex.has("lease_timeout")
                ? duration(ex.get("lease_timeout").asText())
                : DEFAULT_LEASE_TIMEOUT);
    if (onError == ErrorPolicy.OnError.FAIL
        && (ex.has("warn_errored_rows") || ex.has("max_errored_rows"))) {
      problems.add(
          "/execution/on_error", "max_errored_rows and warn_errored_rows need on_error: skip");
    }
    return new JobSpec(root.get("name").asText(), zone, source, steps, sink, execution);
  }

  private static long size(JsonNode node, String pointer, Problems problems, long dflt) {
    if (node == null) {
      return dflt;
    }
    try {
      return ByteSize.parse(node.asText());
    } catch (IllegalArgumentException e) {
      problems.add(pointer, e.getMessage());
      return dflt;
    }
  }

  /** "90s", "10m", "2h", "500ms" (the schema checked the form). */
  static Duration duration(String text) {
    String t = text.toLowerCase(Locale.ROOT);
    if (t.endsWith("ms")) {
      return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
    }
    long n = Long.parseLong(t.substring(0, t.length() - 1));
    return switch (t.charAt(t.length() - 1)) {
      case 's' -> Duration.ofSeconds(n);
      case 'm' -> Duration.ofMinutes(n);
      default -> Duration.ofHours(n);
    };
  }

  private static Integer intOrNull(JsonNode node, String field) {
    return node.has(field) ? node.get(field).asInt() : null;
  }

  /** Parses {@code --date}: an ISO date, with the option named in the message. */
  public static LocalDate parseDate(String text) {
    try {
      return LocalDate.parse(text.strip());
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(
          "--date " + text + ": expected an ISO date such as 2026-12-01");
    }
  }

  /** Problems collected while reading one file, thrown together. */
  private static final class Problems {
    private final String file;
    private final YamlDocument doc;
    private final List<JobFileException.Problem> list = new ArrayList<>();

    Problems(String file, YamlDocument doc) {
      this.file = file;
      this.doc = doc;
    }

    void add(String pointer, String message) {
      list.add(
          new JobFileException.Problem(doc.lineOf(pointer), YamlDocument.key(pointer), message));
    }

    void throwIfAny() {
      if (!list.isEmpty()) {
        throw new JobFileException(file, list);
      }
    }
  }
}
