package io.sluice.remote;

import io.sluice.api.PlanException;
import io.sluice.api.udf.BatchUdf;
import io.sluice.api.udf.UdfContext;
import io.sluice.api.udf.UdfFactory;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A stage that calls OpenAI-compatible servers, as a stateful UDF for an actor pool without a GPU:
 *
 * <pre>{@code
 * ds.mapBatches(Remote.openAiCompatible(URI.create("http://10.0.0.5:8000/v1"), URI.create("http://10.0.0.6:8000/v1"))
 *         .model("all-MiniLM-L6-v2").maxConcurrentRequests(32).requestsPerSecond(200)
 *         .embeddings("text", "embedding").dimensions(384),
 *     Compute.actors(1).cpus(0.5).batchSize(512))
 * }</pre>
 *
 * The stage keeps up to {@code endpoints x maxConcurrentRequests} requests in flight; the limits
 * are the stage's, shared by all of its actors in the process ({@link SharedClients}). One actor
 * already keeps the window full within a batch; two or more keep it full across batches too (while
 * one waits for its batch's slowest answer, the next batch's requests are already out). Output rows
 * keep the input order; the output column is appended (or replaces a column of the same name).
 *
 * <p>Call-order rules are {@link UdfFactory}'s. Immutable: every option returns a new spec. The API
 * key is read when an actor starts ({@link ApiKey}); the spec only names where it comes from.
 */
public final class RemoteSpec implements UdfFactory {

  private static final long serialVersionUID = 1L;

  final List<URI> endpoints;
  final String model;
  final ApiKey apiKey;
  final int maxConcurrentRequests;
  final double requestsPerSecond;
  final int maxRetries;
  final Duration backoffBase;
  final Duration backoffMax;
  final Duration requestTimeout;
  final Duration ejectFor;
  final RemoteOperation operation;
  final double tokensPerMinute;
  final long maxInFlightBytes;

  /**
   * Which stage this spec instance is, kept by serialization: the actors of one stage share one
   * client per JVM ({@link SharedClients}) also where each gets its own deserialized copy of the
   * spec (Flink subtasks in one TaskManager). Every option call makes a new spec and so a new id.
   */
  final String stageId = UUID.randomUUID().toString();

  /** Default {@link #maxInFlightBytes}: room for thousands of typical requests and answers. */
  public static final long DEFAULT_MAX_IN_FLIGHT_BYTES = 64L << 20;

  private RemoteSpec(
      List<URI> endpoints,
      String model,
      ApiKey apiKey,
      int maxConcurrentRequests,
      double requestsPerSecond,
      int maxRetries,
      Duration backoffBase,
      Duration backoffMax,
      Duration requestTimeout,
      Duration ejectFor,
      RemoteOperation operation,
      double tokensPerMinute,
      long maxInFlightBytes) {
    this.tokensPerMinute = tokensPerMinute;
    this.maxInFlightBytes = maxInFlightBytes;
    this.endpoints = List.copyOf(endpoints);
    this.model = model;
    this.apiKey = apiKey;
    this.maxConcurrentRequests = maxConcurrentRequests;
    this.requestsPerSecond = requestsPerSecond;
    this.maxRetries = maxRetries;
    this.backoffBase = backoffBase;
    this.backoffMax = backoffMax;
    this.requestTimeout = requestTimeout;
    this.ejectFor = ejectFor;
    this.operation = operation;
  }

  static RemoteSpec of(List<URI> endpoints) {
    if (endpoints.isEmpty()) {
      throw new IllegalArgumentException("Remote.openAiCompatible needs at least one endpoint URI");
    }
    for (URI u : endpoints) {
      if (u.getScheme() == null
          || !(u.getScheme().equals("http") || u.getScheme().equals("https"))
          || u.getHost() == null) {
        throw new IllegalArgumentException(
            "endpoint "
                + u
                + " must be an http(s) URI with a host,"
                + " e.g. http://127.0.0.1:8000/v1");
      }
    }
    return new RemoteSpec(
        endpoints,
        "default",
        ApiKey.none(),
        16,
        0,
        6,
        Duration.ofMillis(100),
        Duration.ofSeconds(10),
        Duration.ofSeconds(60),
        Duration.ofSeconds(10),
        null,
        0,
        DEFAULT_MAX_IN_FLIGHT_BYTES);
  }

  private RemoteSpec with(
      String model,
      ApiKey apiKey,
      int maxConcurrent,
      double rps,
      int maxRetries,
      Duration backoffBase,
      Duration backoffMax,
      Duration timeout,
      Duration ejectFor,
      RemoteOperation op) {
    return new RemoteSpec(
        endpoints,
        model,
        apiKey,
        maxConcurrent,
        rps,
        maxRetries,
        backoffBase,
        backoffMax,
        timeout,
        ejectFor,
        op,
        tokensPerMinute,
        maxInFlightBytes);
  }

  /**
   * A global limit on tokens per minute over all endpoints (default: none), as hosted APIs and
   * gateways meter them: each request is charged an estimate before it goes (about four bytes of
   * input per token plus {@code maxTokens}), corrected from its response's {@code usage}; sends are
   * spaced so that no minute sees more than the limit plus one request. Retries count too.
   */
  public RemoteSpec tokensPerMinute(double tpm) {
    if (!(tpm > 0) || Double.isInfinite(tpm)) {
      throw new IllegalArgumentException("tokensPerMinute must be > 0 and finite, got " + tpm);
    }
    return new RemoteSpec(
        endpoints,
        model,
        apiKey,
        maxConcurrentRequests,
        requestsPerSecond,
        maxRetries,
        backoffBase,
        backoffMax,
        requestTimeout,
        ejectFor,
        operation,
        tpm,
        maxInFlightBytes);
  }

  /**
   * The bound on bytes the stage holds for unfinished requests, all actors together: request bodies
   * until their answer is parsed and response bodies until parsed (default 64 MiB). When it is
   * reached, the actors wait before building more requests, so a slow endpoint holds the job back
   * instead of letting it grow. Outside the executor's memory budget, which UDFs cannot reach.
   */
  public RemoteSpec maxInFlightBytes(long bytes) {
    if (bytes < 1) {
      throw new IllegalArgumentException("maxInFlightBytes must be >= 1, got " + bytes);
    }
    return new RemoteSpec(
        endpoints,
        model,
        apiKey,
        maxConcurrentRequests,
        requestsPerSecond,
        maxRetries,
        backoffBase,
        backoffMax,
        requestTimeout,
        ejectFor,
        operation,
        tokensPerMinute,
        bytes);
  }

  /** The {@code model} field of every request (what the server serves it as). */
  public RemoteSpec model(String model) {
    return with(
        model,
        apiKey,
        maxConcurrentRequests,
        requestsPerSecond,
        maxRetries,
        backoffBase,
        backoffMax,
        requestTimeout,
        ejectFor,
        operation);
  }

  /** Where the bearer token comes from (default: none). */
  public RemoteSpec apiKey(ApiKey key) {
    return with(
        model,
        key,
        maxConcurrentRequests,
        requestsPerSecond,
        maxRetries,
        backoffBase,
        backoffMax,
        requestTimeout,
        ejectFor,
        operation);
  }

  /**
   * Requests in flight per endpoint for the whole stage, all its actors together (default 16). Set
   * it somewhat above the server's own concurrent slots (vLLM's running batch, a server's workers):
   * then each server has its next request queued when one finishes instead of idling for a round
   * trip.
   */
  public RemoteSpec maxConcurrentRequests(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("maxConcurrentRequests must be >= 1, got " + n);
    }
    return with(
        model,
        apiKey,
        n,
        requestsPerSecond,
        maxRetries,
        backoffBase,
        backoffMax,
        requestTimeout,
        ejectFor,
        operation);
  }

  /**
   * A global limit over all endpoints, requests evenly spaced (default: none). Retries count too.
   */
  public RemoteSpec requestsPerSecond(double rps) {
    if (!(rps > 0) || Double.isInfinite(rps)) {
      throw new IllegalArgumentException("requestsPerSecond must be > 0 and finite, got " + rps);
    }
    return with(
        model,
        apiKey,
        maxConcurrentRequests,
        rps,
        maxRetries,
        backoffBase,
        backoffMax,
        requestTimeout,
        ejectFor,
        operation);
  }

  /**
   * Retries per request on 429, 5xx, timeouts and connection errors (default 6), then the batch
   * fails.
   */
  public RemoteSpec maxRetries(int n) {
    if (n < 0) {
      throw new IllegalArgumentException("maxRetries must be >= 0, got " + n);
    }
    return with(
        model,
        apiKey,
        maxConcurrentRequests,
        requestsPerSecond,
        n,
        backoffBase,
        backoffMax,
        requestTimeout,
        ejectFor,
        operation);
  }

  /**
   * First retry delay, doubled per retry with jitter, capped at {@code max} (default 100 ms, 10 s).
   */
  public RemoteSpec backoff(Duration base, Duration max) {
    if (base.isNegative() || max.compareTo(base) < 0) {
      throw new IllegalArgumentException(
          "backoff needs 0 <= base <= max, got " + base + ", " + max);
    }
    return with(
        model,
        apiKey,
        maxConcurrentRequests,
        requestsPerSecond,
        maxRetries,
        base,
        max,
        requestTimeout,
        ejectFor,
        operation);
  }

  /** How long to wait for a response before the attempt is retried as a timeout (default 60 s). */
  public RemoteSpec requestTimeout(Duration timeout) {
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("requestTimeout must be positive, got " + timeout);
    }
    return with(
        model,
        apiKey,
        maxConcurrentRequests,
        requestsPerSecond,
        maxRetries,
        backoffBase,
        backoffMax,
        timeout,
        ejectFor,
        operation);
  }

  /**
   * How long an endpoint that failed (connection, timeout, repeated 5xx) stays out of rotation
   * (default 10 s).
   */
  public RemoteSpec ejectFor(Duration duration) {
    if (duration.isNegative()) {
      throw new IllegalArgumentException("ejectFor must be >= 0, got " + duration);
    }
    return with(
        model,
        apiKey,
        maxConcurrentRequests,
        requestsPerSecond,
        maxRetries,
        backoffBase,
        backoffMax,
        requestTimeout,
        duration,
        operation);
  }

  /**
   * {@code /v1/embeddings} of utf8 column {@code input} into vector column {@code output}, one text
   * per request.
   */
  public RemoteSpec embeddings(String input, String output) {
    return withOperation(new Embeddings(input, output, 0, 1));
  }

  /**
   * Declares the embedding length, so the output schema is known before the job runs. Embeddings
   * only.
   */
  public RemoteSpec dimensions(int dim) {
    if (!(operation instanceof Embeddings e) || dim < 1) {
      throw new IllegalArgumentException(
          "dimensions(" + dim + ") needs embeddings(...) first and dim >= 1");
    }
    return withOperation(
        new Embeddings(e.inputColumn(), e.outputColumn(), dim, e.inputsPerRequest()));
  }

  /**
   * Texts per embeddings request (default 1); a rejected request is split until the bad text is
   * found.
   */
  public RemoteSpec inputsPerRequest(int n) {
    if (!(operation instanceof Embeddings e) || n < 1) {
      throw new IllegalArgumentException(
          "inputsPerRequest(" + n + ") needs embeddings(...) first and n >= 1");
    }
    return withOperation(new Embeddings(e.inputColumn(), e.outputColumn(), e.dimensions(), n));
  }

  /**
   * {@code /v1/chat/completions} with the user message {@code promptTemplate} ({@code {column}}
   * placeholders), writing the reply to utf8 column {@code output}.
   */
  public RemoteSpec chat(String promptTemplate, String output) {
    return withOperation(
        new ChatCompletions(new PromptTemplate(promptTemplate), null, output, Double.NaN, 0));
  }

  /** A constant system message for {@link #chat}. */
  public RemoteSpec systemPrompt(String system) {
    ChatCompletions c = chatOp("systemPrompt", "chat(...)");
    return withOperation(
        new ChatCompletions(
            c.prompt(), system, c.outputColumn(), c.temperature(), c.maxTokens(), c.structured()));
  }

  /**
   * {@code /v1/completions} with the prompt {@code promptTemplate} ({@code {column}} placeholders),
   * writing the first choice's text to utf8 column {@code output}.
   */
  public RemoteSpec completions(String promptTemplate, String output) {
    return withOperation(
        new Completions(new PromptTemplate(promptTemplate), output, Double.NaN, 0));
  }

  /**
   * JSON-mode output for {@link #chat}: requests carry {@code response_format: {type:
   * "json_schema", json_schema: {name, schema, strict: true}}} and each reply is parsed into one
   * column per top-level property of {@code schemaJson} (an object schema), in its order, instead
   * of {@code chat}'s text column: {@code string} utf8, {@code integer} int64, {@code number}
   * float64, {@code boolean} bool, others their JSON text. A reply that is not such an object (not
   * JSON, a required property missing, a value of another type) is that row's error: dead letters
   * under {@code ErrorPolicy.skip}.
   *
   * <pre>{@code
   * .chat("Rate this review: {text}", "unused").jsonSchema("rating", """
   *     {"type": "object", "properties": {"stars": {"type": "integer"}, "reason": {"type": "string"}},
   *      "required": ["stars"]}""")
   * }</pre>
   */
  public RemoteSpec jsonSchema(String name, String schemaJson) {
    ChatCompletions c = chatOp("jsonSchema", "chat(...)");
    return withOperation(
        new ChatCompletions(
            c.prompt(),
            c.systemPrompt(),
            c.outputColumn(),
            c.temperature(),
            c.maxTokens(),
            StructuredOutput.of(name, schemaJson, true)));
  }

  /** Sampling temperature for {@link #chat} or {@link #completions} (default: the server's). */
  public RemoteSpec temperature(double t) {
    if (operation instanceof Completions c) {
      return withOperation(new Completions(c.prompt(), c.outputColumn(), t, c.maxTokens()));
    }
    ChatCompletions c = chatOp("temperature", "chat(...) or completions(...)");
    return withOperation(
        new ChatCompletions(
            c.prompt(), c.systemPrompt(), c.outputColumn(), t, c.maxTokens(), c.structured()));
  }

  /** Completion token limit for {@link #chat} or {@link #completions} (default: the server's). */
  public RemoteSpec maxTokens(int n) {
    if (operation instanceof Completions c) {
      return withOperation(new Completions(c.prompt(), c.outputColumn(), c.temperature(), n));
    }
    ChatCompletions c = chatOp("maxTokens", "chat(...) or completions(...)");
    return withOperation(
        new ChatCompletions(
            c.prompt(), c.systemPrompt(), c.outputColumn(), c.temperature(), n, c.structured()));
  }

  private ChatCompletions chatOp(String option, String needs) {
    if (!(operation instanceof ChatCompletions c)) {
      throw new IllegalArgumentException(option + "(...) needs " + needs + " first");
    }
    return c;
  }

  private RemoteSpec withOperation(RemoteOperation op) {
    return with(
        model,
        apiKey,
        maxConcurrentRequests,
        requestsPerSecond,
        maxRetries,
        backoffBase,
        backoffMax,
        requestTimeout,
        ejectFor,
        op);
  }

  @Override
  public String name() {
    String op = operation == null ? "?" : operation.path().substring(1);
    return "Remote("
        + op
        + ", "
        + model
        + ", "
        + endpoints.size()
        + " endpoint"
        + (endpoints.size() == 1 ? "" : "s")
        + ")";
  }

  private RemoteOperation operation() {
    if (operation == null) {
      throw new PlanException(
          name()
              + ": choose an operation, e.g. .embeddings(\"text\", \"embedding\") or"
              + " .chat(\"Summarize: {text}\", \"summary\")");
    }
    return operation;
  }

  @Override
  public Optional<Schema> outputSchema(Schema input) {
    List<Field> outs = operation().declaredOutputFields(input, name());
    if (outs == null) {
      return Optional.empty();
    }
    // as ColumnAppender.replaceOrAppend builds the batch: same-named input columns replaced in
    // place
    List<Field> fields = new ArrayList<>();
    List<Field> pending = new ArrayList<>(outs);
    for (Field f : input.getFields()) {
      Field out =
          pending.stream().filter(o -> o.getName().equals(f.getName())).findFirst().orElse(null);
      if (out != null) {
        fields.add(out);
        pending.remove(out);
      } else {
        fields.add(f);
      }
    }
    fields.addAll(pending);
    return Optional.of(new Schema(fields));
  }

  @Override
  public BatchUdf create(UdfContext context) {
    RemoteOperation op = operation();
    ClientConfig config =
        new ClientConfig(
            endpoints,
            op.path(),
            maxConcurrentRequests,
            requestsPerSecond,
            maxRetries,
            backoffBase,
            backoffMax,
            requestTimeout,
            ejectFor,
            tokensPerMinute,
            maxInFlightBytes);
    String key = apiKey.resolve();
    SharedClients.Lease lease =
        SharedClients.acquire(
            stageId,
            context.operator(),
            () -> new RemoteClient(config, key, "remote-" + context.operator()));
    return new RemoteUdf(op, model, lease, RemoteStats.child(), ejectFor);
  }

  @Override
  public String toString() {
    // labels, not the URIs: explain output and logs must not show credentials in a URL
    return name()
        + " "
        + endpoints.stream().map(Endpoint::label).toList()
        + " apiKey="
        + apiKey
        + " maxConcurrentRequests="
        + maxConcurrentRequests
        + (requestsPerSecond > 0 ? " requestsPerSecond=" + requestsPerSecond : "")
        + (tokensPerMinute > 0 ? " tokensPerMinute=" + tokensPerMinute : "")
        + " maxRetries="
        + maxRetries
        + " maxInFlightBytes="
        + maxInFlightBytes;
  }
}
