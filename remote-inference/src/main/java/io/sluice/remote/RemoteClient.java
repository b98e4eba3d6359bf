package io.sluice.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.LongConsumer;

/**
 * Sends JSON requests to a set of endpoints asynchronously: one client keeps up to {@code endpoints
 * x maxConcurrentRequests} requests in flight on the JDK {@link HttpClient} without a thread per
 * request. Requests wait in one queue; a pump hands the head to the least-loaded endpoint in
 * rotation, within the global rate limit, and re-runs whenever a response arrives, a retry comes
 * due, a paused or ejected endpoint returns, or a rate permit frees.
 *
 * <p>Retries (429, 5xx, timeouts, connection errors) go back into the queue after an exponential,
 * jittered backoff and may land on another endpoint; other 4xx complete the request with a {@link
 * RowRejectedException}; a request out of retries completes with an {@link
 * EndpointsUnavailableException} naming every endpoint. Thread-safe; {@link #close()} once.
 */
final class RemoteClient implements AutoCloseable {

  static final ObjectMapper JSON = new ObjectMapper();

  /** A request, its estimated tokens, who counts it, how often it was tried, the bytes it holds. */
  private static final class Call {
    final byte[] body;
    final long tokens;
    final RemoteStats stats;
    final LongConsumer answered;
    final CompletableFuture<JsonNode> result = new CompletableFuture<>();
    int retries;
    long heldBytes;
    boolean done;

    Call(byte[] body, long tokens, RemoteStats stats, LongConsumer answered) {
      this.body = body;
      this.tokens = tokens;
      this.stats = stats;
      this.answered = answered;
    }
  }

  private final ClientConfig config;
  private final String apiKey;
  private final EndpointPool pool;
  private final RequestPacer pacer;
  private final TokenPacer tokenPacer;
  private final InFlightBytes bytes;
  private final ExecutorService callbacks;
  private final ScheduledExecutorService timer;
  private final HttpClient http;
  private final ArrayDeque<Call> queue = new ArrayDeque<>();
  private long wakeAt = Long.MAX_VALUE;
  private boolean closed;

  RemoteClient(ClientConfig config, String apiKey, String threadName) {
    this.config = config;
    this.apiKey = apiKey;
    this.pool =
        new EndpointPool(
            config.endpoints(), config.path(), config.maxConcurrentRequests(), config.ejectFor());
    this.pacer =
        config.requestsPerSecond() > 0 ? new RequestPacer(config.requestsPerSecond()) : null;
    this.tokenPacer =
        config.tokensPerMinute() > 0 ? new TokenPacer(config.tokensPerMinute()) : null;
    this.bytes = new InFlightBytes(config.maxInFlightBytes());
    // Two threads parse responses and run the pump; the HttpClient's selector thread does the I/O.
    this.callbacks = Executors.newFixedThreadPool(2, daemon(threadName + "-http"));
    this.timer = Executors.newSingleThreadScheduledExecutor(daemon(threadName + "-timer"));
    this.http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .executor(callbacks)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
  }

  private static ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }

  /**
   * Sends {@code body} (JSON) and completes with the parsed 2xx response, or as described above.
   * Every attempt, retry, status, token and ejection it causes is counted in {@code stats}, for the
   * stage and per endpoint ({@code status.<code>}, {@code endpoint[<label>].requests}, {@code
   * .retries.<cause>}, {@code .errors.<status|timeout|connection>}, {@code .ejections} among them;
   * see {@link RemoteStats}).
   */
  CompletableFuture<JsonNode> submit(byte[] body, long tokens, RemoteStats stats, boolean mayWait)
      throws InterruptedException {
    return submit(body, tokens, stats, mayWait, n -> {});
  }

  /**
   * As {@link #submit(byte[], long, RemoteStats, boolean)}; {@code answered} learns the size of the
   * 2xx response body before it is parsed (the caller counts it against its memory budget).
   */
  CompletableFuture<JsonNode> submit(
      byte[] body, long tokens, RemoteStats stats, boolean mayWait, LongConsumer answered)
      throws InterruptedException {
    Call c = new Call(body, tokens, stats, answered);
    c.heldBytes = body.length;
    if (!mayWait) {
      bytes.force(c.heldBytes);
    } else if (bytes.acquire(c.heldBytes)) {
      stats.count("waits.in_flight_bytes");
    }
    enqueue(c);
    return c.result;
  }

  /** Bytes now held by unfinished requests ({@link InFlightBytes}). */
  long bytesInFlight() {
    return bytes.held();
  }

  /**
   * Completes {@code c} once ({@code err} null: with {@code ok}) and frees its bytes after the
   * completion's callbacks (the caller's parsing) ran.
   */
  private void finish(Call c, JsonNode ok, Throwable err) {
    synchronized (c) {
      if (c.done) {
        return;
      }
      c.done = true;
    }
    try {
      if (err == null) {
        c.result.complete(ok);
      } else {
        c.result.completeExceptionally(err);
      }
    } finally {
      bytes.release(c.heldBytes);
    }
  }

  private void enqueue(Call c) {
    synchronized (this) {
      if (!closed) {
        queue.add(c);
      }
    }
    if (closed) {
      finish(c, null, new IllegalStateException("remote client closed"));
      return;
    }
    pump();
  }

  private void pump() {
    while (true) {
      Call c;
      Endpoint e;
      synchronized (this) {
        if (closed || queue.isEmpty()) {
          return;
        }
        long now = System.nanoTime();
        e = pool.pick(now);
        if (e == null) {
          long back = pool.nextAvailable(now);
          if (back >= 0) {
            wakeAt(back, now);
          }
          return; // else a completion frees room and pumps again
        }
        long wait =
            Math.max(
                pacer == null ? 0 : pacer.delay(now),
                tokenPacer == null ? 0 : tokenPacer.delay(now));
        if (wait > 0) {
          wakeAt(now + wait, now);
          return;
        }
        c = queue.poll();
        if (pacer != null) {
          pacer.tryAcquire(now);
        }
        if (tokenPacer != null) {
          tokenPacer.tryAcquire(now, c.tokens);
        }
        e.outstanding++;
      }
      send(c, e);
    }
  }

  /**
   * Schedules a pump at {@code at} (nanoTime), unless one is due earlier. Caller holds the lock.
   */
  private void wakeAt(long at, long now) {
    if (wakeAt != Long.MAX_VALUE && wakeAt - at <= 0 && wakeAt - now > 0) {
      return;
    }
    wakeAt = at;
    timer.schedule(
        () -> {
          synchronized (this) {
            wakeAt = Long.MAX_VALUE;
          }
          pump();
        },
        Math.max(0, at - now),
        TimeUnit.NANOSECONDS);
  }

  private void send(Call c, Endpoint e) {
    HttpRequest.Builder req =
        HttpRequest.newBuilder(e.url)
            .timeout(config.requestTimeout())
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(c.body));
    if (apiKey != null) {
      req.header("Authorization", "Bearer " + apiKey);
    }
    c.stats.sent();
    c.stats.count(e.counter("requests"));
    long start = System.nanoTime();
    http.sendAsync(req.build(), HttpResponse.BodyHandlers.ofByteArray())
        .whenComplete(
            (resp, err) -> {
              try {
                onResponse(c, e, start, resp, err);
              } catch (RuntimeException unexpected) {
                finish(c, null, unexpected);
              }
              pump();
            });
  }

  private void onResponse(
      Call c, Endpoint e, long start, HttpResponse<byte[]> resp, Throwable err) {
    int ejections;
    synchronized (this) {
      e.outstanding--;
      ejections = e.ejections;
    }
    handle(c, e, start, resp, err);
    boolean ejected;
    synchronized (this) {
      ejected = e.ejections > ejections;
    }
    if (ejected) {
      c.stats.count(e.counter("ejections"));
    }
  }

  private void handle(Call c, Endpoint e, long start, HttpResponse<byte[]> resp, Throwable err) {
    long now = System.nanoTime();
    if (err != null) {
      Throwable t =
          err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
      boolean timeout = t instanceof HttpTimeoutException;
      String what =
          (timeout
              ? "timed out after " + config.requestTimeout().toMillis() + " ms"
              : t.toString());
      synchronized (this) {
        pool.unreachable(e, what, now);
      }
      c.stats.count(e.counter(timeout ? "errors.timeout" : "errors.connection"));
      retry(c, e, timeout ? RetryCause.TIMEOUT : RetryCause.CONNECTION);
      return;
    }
    int status = resp.statusCode();
    synchronized (c) {
      c.heldBytes += resp.body().length;
    }
    bytes.force(resp.body().length);
    c.stats.count("status." + status);
    if (status / 100 != 2) {
      c.stats.count(e.counter("errors." + status));
    }
    if (status / 100 == 2) {
      c.answered.accept(resp.body().length);
      JsonNode body;
      try {
        body = JSON.readTree(resp.body());
      } catch (IOException bad) {
        synchronized (this) {
          pool.serverError(e, "unparseable response: " + bad.getMessage(), now);
        }
        retry(c, e, RetryCause.SERVER_ERROR);
        return;
      }
      JsonNode usage = body.path("usage");
      long prompt = usage.path("prompt_tokens").asLong(0);
      long completion = usage.path("completion_tokens").asLong(0);
      long total = usage.path("total_tokens").asLong(prompt + completion);
      Optional<Duration> exhausted = Backoff.rateLimitReset(resp.headers());
      synchronized (this) {
        pool.succeeded(e, now);
        exhausted.ifPresent(
            d -> pool.pause(e, d.toNanos(), now, "rate limit headers: no requests or tokens left"));
        if (tokenPacer != null && total > 0) {
          tokenPacer.adjust(now, total - c.tokens);
        }
      }
      exhausted.ifPresent(d -> c.stats.count("pauses.rate_limit_headers"));
      c.stats.succeeded(now - start, prompt, completion);
      c.stats.endpointSucceeded(e, now - start, prompt, completion);
      finish(c, body, null);
    } else if (status == 429) {
      long pause =
          Backoff.retryAfter(resp.headers(), System.currentTimeMillis())
              .orElse(
                  Duration.ofNanos(
                      Backoff.delayNanos(config.backoffBase(), config.backoffMax(), c.retries + 1)))
              .toNanos();
      synchronized (this) {
        pool.pause(e, pause, now, "HTTP 429 (rate limited)");
      }
      retry(c, e, RetryCause.RATE_LIMITED);
    } else if (status / 100 == 5 || status == 408) {
      synchronized (this) {
        pool.serverError(
            e, "HTTP " + status + ": " + ErrorBodies.message(resp.body(), apiKey), now);
      }
      retry(c, e, RetryCause.SERVER_ERROR);
    } else {
      c.stats.rejected();
      finish(
          c,
          null,
          new RowRejectedException(
              e.label
                  + " rejected the request with HTTP "
                  + status
                  + ": "
                  + ErrorBodies.message(resp.body(), apiKey),
              status));
    }
  }

  /**
   * Retries {@code c}, which just failed on {@code e} for {@code cause}, or fails it when out of
   * retries.
   */
  private void retry(Call c, Endpoint e, RetryCause cause) {
    if (c.retries >= config.maxRetries()) {
      String endpoints;
      synchronized (this) {
        endpoints = pool.describe(System.nanoTime());
      }
      finish(
          c,
          null,
          new EndpointsUnavailableException(
              "remote endpoints unavailable: a request"
                  + " failed "
                  + (c.retries + 1)
                  + " times (maxRetries="
                  + config.maxRetries()
                  + ", last cause "
                  + cause
                  + ") on "
                  + config.endpoints().size()
                  + " endpoint(s): "
                  + endpoints));
      return;
    }
    c.retries++;
    c.stats.retried(cause);
    c.stats.count(e.counter("retries." + cause.name().toLowerCase(Locale.ROOT)));
    long delay = Backoff.delayNanos(config.backoffBase(), config.backoffMax(), c.retries);
    try {
      timer.schedule(() -> enqueue(c), delay, TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException shutDown) {
      finish(c, null, new IllegalStateException("remote client closed"));
    }
  }

  @Override
  public void close() {
    List<Call> left;
    synchronized (this) {
      closed = true;
      left = new ArrayList<>(queue);
      queue.clear();
    }
    left.forEach(c -> finish(c, null, new IllegalStateException("remote client closed")));
    timer.shutdownNow();
    callbacks.shutdown();
  }
}
