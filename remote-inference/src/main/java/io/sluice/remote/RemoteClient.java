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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Sends JSON requests to a set of endpoints asynchronously: one client keeps up to
 * {@code endpoints x maxConcurrentRequests} requests in flight on the JDK {@link HttpClient} without
 * a thread per request. Requests wait in one queue; a pump hands the head to the least-loaded
 * endpoint in rotation, within the global rate limit, and re-runs whenever a response arrives, a
 * retry comes due, a paused or ejected endpoint returns, or a rate permit frees.
 *
 * <p>Retries (429, 5xx, timeouts, connection errors) go back into the queue after an exponential,
 * jittered backoff and may land on another endpoint; other 4xx complete the request with a
 * {@link RowRejectedException}; a request out of retries completes with an
 * {@link EndpointsUnavailableException} naming every endpoint. Thread-safe; {@link #close()} once.
 */
final class RemoteClient implements AutoCloseable {

  static final ObjectMapper JSON = new ObjectMapper();

  /** A request and how often it was tried. */
  private static final class Call {
    final byte[] body;
    final CompletableFuture<JsonNode> result = new CompletableFuture<>();
    int retries;

    Call(byte[] body) {
      this.body = body;
    }
  }

  private final ClientConfig config;
  private final String apiKey;
  private final RemoteStats stats;
  private final EndpointPool pool;
  private final RequestPacer pacer;
  private final ExecutorService callbacks;
  private final ScheduledExecutorService timer;
  private final HttpClient http;
  private final ArrayDeque<Call> queue = new ArrayDeque<>();
  private final java.util.concurrent.ConcurrentHashMap<Integer, java.util.concurrent.atomic.LongAdder> statuses =
      new java.util.concurrent.ConcurrentHashMap<>();
  private long wakeAt = Long.MAX_VALUE;
  private boolean closed;

  RemoteClient(ClientConfig config, String apiKey, RemoteStats stats, String threadName) {
    this.config = config;
    this.apiKey = apiKey;
    this.stats = stats;
    this.pool = new EndpointPool(config.endpoints(), config.path(), config.maxConcurrentRequests(), config.ejectFor());
    this.pacer = config.requestsPerSecond() > 0 ? new RequestPacer(config.requestsPerSecond()) : null;
    // Two threads parse responses and run the pump; the HttpClient's selector thread does the I/O.
    this.callbacks = Executors.newFixedThreadPool(2, daemon(threadName + "-http"));
    this.timer = Executors.newSingleThreadScheduledExecutor(daemon(threadName + "-timer"));
    this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(callbacks)
        .connectTimeout(Duration.ofSeconds(5)).build();
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }

  /** Sends {@code body} (JSON) and completes with the parsed 2xx response, or as described above. */
  CompletableFuture<JsonNode> submit(byte[] body) {
    Call c = new Call(body);
    enqueue(c);
    return c.result;
  }

  /** Requests sent to each endpoint so far (index order of the endpoints). */
  synchronized long[] sentPerEndpoint() {
    return pool.endpoints().stream().mapToLong(e -> e.sent).toArray();
  }

  /**
   * Per-endpoint and per-status counters ({@code endpoint[<uri>].requests}, {@code status.<code>}),
   * which only grow.
   */
  synchronized java.util.Map<String, Long> counters() {
    java.util.Map<String, Long> m = new java.util.TreeMap<>();
    for (Endpoint e : pool.endpoints()) {
      m.put("endpoint[" + e.base + "].requests", e.sent);
      m.put("endpoint[" + e.base + "].ejections", (long) e.ejections);
    }
    statuses.forEach((k, v) -> m.put("status." + k, v.sum()));
    return m;
  }

  private void enqueue(Call c) {
    synchronized (this) {
      if (closed) {
        c.result.completeExceptionally(new IllegalStateException("remote client closed"));
        return;
      }
      queue.add(c);
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
        if (pacer != null) {
          long wait = pacer.tryAcquire(now);
          if (wait > 0) {
            wakeAt(now + wait, now);
            return;
          }
        }
        c = queue.poll();
        e.outstanding++;
        e.sent++;
      }
      send(c, e);
    }
  }

  /** Schedules a pump at {@code at} (nanoTime), unless one is due earlier. Caller holds the lock. */
  private void wakeAt(long at, long now) {
    if (wakeAt != Long.MAX_VALUE && wakeAt - at <= 0 && wakeAt - now > 0) {
      return;
    }
    wakeAt = at;
    timer.schedule(() -> {
      synchronized (this) {
        wakeAt = Long.MAX_VALUE;
      }
      pump();
    }, Math.max(0, at - now), TimeUnit.NANOSECONDS);
  }

  private void send(Call c, Endpoint e) {
    HttpRequest.Builder req = HttpRequest.newBuilder(e.url).timeout(config.requestTimeout())
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(c.body));
    if (apiKey != null) {
      req.header("Authorization", "Bearer " + apiKey);
    }
    stats.sent();
    long start = System.nanoTime();
    http.sendAsync(req.build(), HttpResponse.BodyHandlers.ofByteArray())
        .whenComplete((resp, err) -> {
          try {
            onResponse(c, e, start, resp, err);
          } catch (RuntimeException unexpected) {
            c.result.completeExceptionally(unexpected);
          }
          pump();
        });
  }

  private void onResponse(Call c, Endpoint e, long start, HttpResponse<byte[]> resp, Throwable err) {
    long now = System.nanoTime();
    synchronized (this) {
      e.outstanding--;
    }
    if (err != null) {
      Throwable t = err instanceof CompletionException && err.getCause() != null ? err.getCause() : err;
      boolean timeout = t instanceof HttpTimeoutException;
      String what = (timeout ? "timed out after " + config.requestTimeout().toMillis() + " ms" : t.toString());
      synchronized (this) {
        pool.unreachable(e, what, now);
      }
      retry(c, timeout ? RetryCause.TIMEOUT : RetryCause.CONNECTION);
      return;
    }
    int status = resp.statusCode();
    statuses.computeIfAbsent(status, k -> new java.util.concurrent.atomic.LongAdder()).increment();
    if (status / 100 == 2) {
      JsonNode body;
      try {
        body = JSON.readTree(resp.body());
      } catch (IOException bad) {
        synchronized (this) {
          pool.serverError(e, "unparseable response: " + bad.getMessage(), now);
        }
        retry(c, RetryCause.SERVER_ERROR);
        return;
      }
      synchronized (this) {
        pool.succeeded(e, now);
      }
      JsonNode usage = body.path("usage");
      stats.succeeded(now - start, usage.path("prompt_tokens").asLong(0), usage.path("completion_tokens").asLong(0));
      c.result.complete(body);
    } else if (status == 429) {
      long pause = Backoff.retryAfter(resp.headers(), System.currentTimeMillis())
          .orElse(Duration.ofNanos(Backoff.delayNanos(config.backoffBase(), config.backoffMax(), c.retries + 1)))
          .toNanos();
      synchronized (this) {
        pool.pause(e, pause, now);
      }
      retry(c, RetryCause.RATE_LIMITED);
    } else if (status / 100 == 5 || status == 408) {
      synchronized (this) {
        pool.serverError(e, "HTTP " + status + ": " + ErrorBodies.message(resp.body(), apiKey), now);
      }
      retry(c, RetryCause.SERVER_ERROR);
    } else {
      stats.rejected();
      c.result.completeExceptionally(new RowRejectedException(e.base + " rejected the request with HTTP " + status
          + ": " + ErrorBodies.message(resp.body(), apiKey), status));
    }
  }

  private void retry(Call c, RetryCause cause) {
    if (c.retries >= config.maxRetries()) {
      String endpoints;
      synchronized (this) {
        endpoints = pool.describe(System.nanoTime());
      }
      c.result.completeExceptionally(new EndpointsUnavailableException("remote endpoints unavailable: a request"
          + " failed " + (c.retries + 1) + " times (maxRetries=" + config.maxRetries() + ", last cause " + cause
          + ") on " + config.endpoints().size() + " endpoint(s): " + endpoints));
      return;
    }
    c.retries++;
    stats.retried(cause);
    long delay = Backoff.delayNanos(config.backoffBase(), config.backoffMax(), c.retries);
    try {
      timer.schedule(() -> enqueue(c), delay, TimeUnit.NANOSECONDS);
    } catch (java.util.concurrent.RejectedExecutionException shutDown) {
      c.result.completeExceptionally(new IllegalStateException("remote client closed"));
    }
  }

  @Override
  public void close() {
    synchronized (this) {
      closed = true;
      queue.forEach(c -> c.result.completeExceptionally(new IllegalStateException("remote client closed")));
      queue.clear();
    }
    timer.shutdownNow();
    callbacks.shutdown();
  }
}
