package io.sluice.cli.job;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.api.Compute;
import io.sluice.api.Dataset;
import io.sluice.api.PlanException;
import io.sluice.api.Sluice;
import io.sluice.api.SortOrder;
import io.sluice.api.udf.RowFilter;
import io.sluice.api.udf.UdfFactory;
import io.sluice.cli.ByteSize;
import io.sluice.inference.Batching;
import io.sluice.inference.MiniLm;
import io.sluice.inference.ModelSource;
import io.sluice.inference.Onnx;
import io.sluice.inference.OnnxModelSpec;
import io.sluice.operators.text.Tokenize;
import io.sluice.operators.vector.ArgMax;
import io.sluice.operators.vector.L2Normalize;
import io.sluice.operators.vector.MeanPool;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.ToIntFunction;

/**
 * Turns a {@link JobSpec}'s source and steps into a lazy {@link Dataset}. Classes named by {@code
 * filter: {class}} and {@code udf: {class}} are loaded from {@code classLoader} (the launcher's,
 * plus {@code --jar}); a step that cannot be built fails with its line and key.
 */
public final class PipelineBuilder {

  private final String file;
  private final ClassLoader classLoader;

  /** The line of a JSON pointer in the job file (0 when unknown). */
  private final ToIntFunction<String> lines;

  public PipelineBuilder(String file, ClassLoader classLoader) {
    this(file, classLoader, pointer -> 0);
  }

  /** For a resolved job: errors in the source's options name their line too. */
  public PipelineBuilder(ResolvedJob job, ClassLoader classLoader) {
    this(job.file(), classLoader, job::lineOf);
  }

  private PipelineBuilder(String file, ClassLoader classLoader, ToIntFunction<String> lines) {
    this.file = file;
    this.classLoader = classLoader;
    this.lines = lines;
  }

  /** The job's dataset, before its sink; runs nothing. */
  public Dataset build(Sluice sluice, JobSpec job, Map<String, String> fsOptions) {
    JobSpec.Source src = job.source();
    Map<String, String> readOptions = new LinkedHashMap<>(fsOptions);
    readOptions.putAll(src.options());
    Dataset ds;
    try {
      ds = sluice.read(src.format(), src.paths(), readOptions);
    } catch (PlanException | IllegalArgumentException e) {
      throw badOption(src, e);
    }
    if (!src.projection().isEmpty()) {
      ds = ds.select(src.projection().toArray(String[]::new));
    }
    for (JobSpec.Step step : job.steps()) {
      try {
        ds = apply(ds, step, job.execution());
      } catch (JobFileException e) {
        throw e;
      } catch (RuntimeException e) {
        throw new JobFileException(file, step.line(), step.key(), e.getMessage());
      }
    }
    return ds;
  }

  /**
   * A source that refuses one of the job's options ({@code option KEY must be ...}) is a job-file
   * error at that option's line; anything else (no input, storage down) is the run's failure.
   */
  private RuntimeException badOption(JobSpec.Source src, RuntimeException e) {
    String message = String.valueOf(e.getMessage());
    for (String key : src.options().keySet()) {
      if (message.contains("option " + key + " ")) {
        return new JobFileException(
            file, lines.applyAsInt("/source/options/" + key), "source.options." + key, message);
      }
    }
    return e;
  }

  private Dataset apply(Dataset ds, JobSpec.Step step, JobSpec.Execution ex) {
    JsonNode a = step.args();
    return switch (step.kind()) {
      case "select" -> ds.select(JsonNodes.texts(a).toArray(String[]::new));
      case "rename" -> {
        Map<String, String> renames = new LinkedHashMap<>();
        a.fields().forEachRemaining(e -> renames.put(e.getKey(), e.getValue().asText()));
        yield ds.rename(renames);
      }
      case "filter" ->
          ds.filter(
              a.isTextual()
                  ? new ExpressionFilter(a.asText())
                  : instantiate(a.get("class").asText(), RowFilter.class, Map.of(), step));
      case "tokenize" -> ds.mapBatches(tokenizer(a), Compute.tasks());
      case "embed" ->
          ds.mapBatches(
              embedder(a, step),
              actors(a.path("compute"), ex).batchSize(a.path("window").asInt(MiniLm.WINDOW)));
      case "onnx" -> ds.mapBatches(bindOutputs(model(a, step), a), window(a, ex));
      case "score" ->
          ds.mapBatches(
              model(a, step)
                  .output(a.path("output").asText("logits"), a.path("column").asText("score")),
              window(a, ex));
      case "classify" -> {
        String column = a.path("column").asText("label");
        String logits = column + "_logits";
        ArgMax head =
            ArgMax.of(logits).into(column).keepLogits(a.path("keep_logits").asBoolean(false));
        if (a.has("labels")) {
          head = head.labels(JsonNodes.texts(a.get("labels")).toArray(String[]::new));
        }
        yield ds.mapBatches(
                model(a, step).output(a.path("output").asText("logits"), logits), window(a, ex))
            .mapBatches(head, Compute.tasks());
      }
      case "mean_pool" ->
          ds.mapBatches(
              MeanPool.of(a.get("column").asText())
                  .mask(a.path("mask").isNull() ? null : a.path("mask").asText("attention_mask"))
                  .into(a.path("into").asText(MiniLm.EMBEDDING))
                  .normalize(a.path("normalize").asBoolean(true)),
              Compute.tasks());
      case "normalize" ->
          ds.mapBatches(
              L2Normalize.column(a.isTextual() ? a.asText() : a.get("column").asText()),
              Compute.tasks());
      case "udf" ->
          ds.mapBatches(
              instantiate(
                  a.get("class").asText(),
                  UdfFactory.class,
                  JsonNodes.strings(a.get("options")),
                  step),
              compute(a.path("compute"), ex));
      case "limit" -> ds.limit(a.asLong());
      case "repartition" -> ds.repartition(a.asInt());
      case "sort" ->
          a.isTextual()
              ? ds.sort(a.asText())
              : ds.sort(
                  a.get("column").asText(),
                  a.path("ascending").asBoolean(true) ? SortOrder.ASCENDING : SortOrder.DESCENDING);
      default -> throw new JobFileException(file, step.line(), step.key(), "unknown step");
    };
  }

  private static Tokenize tokenizer(JsonNode a) {
    String name = a.path("tokenizer").asText("minilm");
    Tokenize t =
        "minilm".equals(name)
            ? MiniLm.tokenizer(a.get("column").asText())
            : Tokenize.huggingFace(existing(name, "tokenizer"))
                .textColumn(a.get("column").asText());
    return a.has("max_length") ? t.maxLength(a.get("max_length").asInt()) : t;
  }

  private OnnxModelSpec embedder(JsonNode a, JobSpec.Step step) {
    return MiniLm.embedder(modelSource(a.path("model").asText("minilm-fp32")))
        .modelBatchSize(modelBatch(a, step));
  }

  private static ModelSource modelSource(String model) {
    return switch (model) {
      case "minilm-fp32", "minilm" -> MiniLm.FP32;
      case "minilm-int8" -> MiniLm.INT8;
      default -> ModelSource.file(existing(model, "model"));
    };
  }

  private int modelBatch(JsonNode a, JobSpec.Step step) {
    int batch = a.path("batch_size").asInt(Batching.DEFAULT_MODEL_BATCH);
    if (batch > a.path("window").asInt(MiniLm.WINDOW)) {
      throw new JobFileException(
          file,
          step.line(),
          step.key(),
          "batch_size ("
              + batch
              + ") must be <= window ("
              + a.path("window").asInt(MiniLm.WINDOW)
              + ")");
    }
    return batch;
  }

  /**
   * {@code onnx}, {@code score} and {@code classify}: any ONNX model with its inputs fed from
   * columns ({@code inputs: {tensor: column}}, or a list of names that are both), windows of {@code
   * window} rows cut into model batches of {@code batch_size} (length-aware unless {@code
   * length_aware: false}).
   */
  private OnnxModelSpec model(JsonNode a, JobSpec.Step step) {
    OnnxModelSpec spec =
        Onnx.model(modelSource(a.get("model").asText()))
            .batching(
                Batching.lengthAware(modelBatch(a, step))
                    .withLengthAware(a.path("length_aware").asBoolean(true)));
    JsonNode inputs = a.get("inputs");
    if (inputs.isArray()) {
      spec = spec.inputs(JsonNodes.texts(inputs).toArray(String[]::new));
    } else {
      for (Map.Entry<String, String> e : JsonNodes.strings(inputs).entrySet()) {
        spec = spec.input(e.getKey(), e.getValue());
      }
    }
    return a.has("pooling_mask") ? spec.poolingMask(a.get("pooling_mask").asText()) : spec;
  }

  /** {@code onnx}'s {@code outputs: {tensor: column}} and {@code mean_pooled: {tensor: column}}. */
  private static OnnxModelSpec bindOutputs(OnnxModelSpec spec, JsonNode a) {
    for (Map.Entry<String, String> e : JsonNodes.strings(a.get("outputs")).entrySet()) {
      spec = spec.output(e.getKey(), e.getValue());
    }
    for (Map.Entry<String, String> e : JsonNodes.strings(a.get("mean_pooled")).entrySet()) {
      spec = spec.meanPooled(e.getKey(), e.getValue());
    }
    return spec;
  }

  /** The actor pool of a model step, fed windows of {@code window} rows. */
  private static Compute.Actors window(JsonNode a, JobSpec.Execution ex) {
    return actors(a.path("compute"), ex).batchSize(a.path("window").asInt(MiniLm.WINDOW));
  }

  private static Path existing(String path, String what) {
    Path p = Path.of(path);
    if (!Files.isRegularFile(p)) {
      throw new IllegalArgumentException(what + " file " + p.toAbsolutePath() + " does not exist");
    }
    return p;
  }

  /**
   * An actor pool: {@code actors} (else execution.actors, else 1), cpus default the machine's
   * cores.
   */
  private static Compute.Actors actors(JsonNode c, JobSpec.Execution ex) {
    int min = c.path("actors").asInt(ex.actors() != null ? ex.actors() : 1);
    Compute.Actors actors = Compute.actors(min, c.path("max_actors").asInt(min));
    actors =
        actors.cpus(
            c.has("cpus") ? c.get("cpus").asDouble() : Runtime.getRuntime().availableProcessors());
    return c.has("gpus") ? actors.gpus(c.get("gpus").asDouble()) : actors;
  }

  private static Compute compute(JsonNode c, JobSpec.Execution ex) {
    boolean actors =
        "actors"
            .equals(c.path("kind").asText(c.has("actors") || c.has("gpus") ? "actors" : "tasks"));
    long batchBytes = c.has("batch_bytes") ? ByteSize.parse(c.get("batch_bytes").asText()) : 0;
    if (!actors) {
      Compute.Tasks t =
          c.has("cpus") ? Compute.tasks().cpus(c.get("cpus").asDouble()) : Compute.tasks();
      t = c.has("batch_size") ? t.batchSize(c.get("batch_size").asInt()) : t;
      return t.batchBytes(batchBytes);
    }
    int min = c.path("actors").asInt(ex.actors() != null ? ex.actors() : 1);
    Compute.Actors a = Compute.actors(min, c.path("max_actors").asInt(min));
    if (c.has("cpus")) {
      a = a.cpus(c.get("cpus").asDouble());
    }
    if (c.has("gpus")) {
      a = a.gpus(c.get("gpus").asDouble());
    }
    return (c.has("batch_size") ? a.batchSize(c.get("batch_size").asInt()) : a)
        .batchBytes(batchBytes);
  }

  /**
   * A user's class: public, implementing {@code type}, with a public constructor taking a {@code
   * Map<String, String>} (the step's options) or none.
   */
  private <T> T instantiate(
      String className, Class<T> type, Map<String, String> options, JobSpec.Step step) {
    Class<?> c;
    try {
      c = Class.forName(className, true, classLoader);
    } catch (ClassNotFoundException | LinkageError e) {
      throw new JobFileException(
          file,
          step.line(),
          step.key(),
          "class "
              + className
              + " not found on the class path"
              + " (pass the jar that holds it with --jar app.jar)");
    }
    if (!type.isAssignableFrom(c)) {
      throw new JobFileException(
          file,
          step.line(),
          step.key(),
          "class " + className + " does not implement " + type.getName());
    }
    try {
      try {
        Constructor<?> withOptions = c.getConstructor(Map.class);
        return type.cast(withOptions.newInstance(options));
      } catch (NoSuchMethodException e) {
        if (!options.isEmpty()) {
          throw new JobFileException(
              file,
              step.line(),
              step.key(),
              "class "
                  + className
                  + " has options but no"
                  + " public constructor taking a Map<String, String>");
        }
        return type.cast(c.getConstructor().newInstance());
      }
    } catch (NoSuchMethodException | IllegalAccessException | InstantiationException e) {
      throw new JobFileException(
          file,
          step.line(),
          step.key(),
          "class "
              + className
              + " needs a public constructor"
              + " taking no arguments or a Map<String, String>");
    } catch (InvocationTargetException e) {
      Throwable cause = e.getCause();
      throw new JobFileException(
          file, step.line(), step.key(), "constructing " + className + " failed: " + cause);
    }
  }
}
