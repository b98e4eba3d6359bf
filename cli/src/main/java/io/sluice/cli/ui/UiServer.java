package io.sluice.cli.ui;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.sluice.cli.job.RunReport;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The dashboard's HTTP server (the JDK's {@link HttpServer}): the page and its script from the jar,
 * and a JSON API over a {@link RunSource} in the run report's schema: {@code /api/jobs} (summaries;
 * {@code ?job=} and {@code ?outcome=} filter), {@code /api/jobs/{id}}, {@code
 * /api/jobs/{id}/operators}, {@code /api/jobs/{id}/logs} (the log tail), and {@code
 * /api/jobs/{id}/events} (server-sent events: a {@code snapshot} event with the whole report every
 * second while the run lasts, then {@code end}). With a token, every request must carry it ({@code
 * ?token=} or {@code Authorization: Bearer}); without, it answers 401 and nothing else.
 *
 * <p>Call-order rules: {@link #start} once, {@link #close} once; the handlers run on its own
 * threads.
 */
public final class UiServer implements AutoCloseable {

  static final long EVENT_MILLIS = 1000;
  private static final String RESOURCES = "/io/sluice/cli/ui/";
  private static final Map<String, String> STATIC =
      Map.of(
          "/",
          "index.html",
          "/index.html",
          "index.html",
          "/app.js",
          "app.js",
          "/app.css",
          "app.css");

  private final HttpServer http;
  private final ExecutorService threads;
  private final RunSource source;
  private final String token;
  private final URI url;

  /**
   * Event streams open now: closing waits briefly for them to send a finished run's last snapshot.
   */
  private final AtomicInteger streams = new AtomicInteger();

  private UiServer(
      HttpServer http, ExecutorService threads, RunSource source, String host, String token) {
    this.http = http;
    this.threads = threads;
    this.source = source;
    this.token = token;
    String shown = host.contains(":") ? "[" + host + "]" : host;
    this.url =
        URI.create(
            "http://"
                + shown
                + ":"
                + http.getAddress().getPort()
                + "/"
                + (token == null ? "" : "?token=" + token));
  }

  /**
   * Binds {@code host:port} (a busy port falls back to a free one; 0 takes a free one) and serves.
   *
   * @param token required from every request, or null (loopback binds only)
   * @throws IllegalArgumentException a non-loopback {@code host} without a token
   */
  public static UiServer start(RunSource source, String host, int port, String token)
      throws IOException {
    InetAddress address = InetAddress.getByName(host);
    if (token == null && !address.isLoopbackAddress()) {
      throw new IllegalArgumentException(
          "--ui-host "
              + host
              + " is not a loopback address: the dashboard"
              + " needs a token there (--ui-token, or one is generated)");
    }
    HttpServer http;
    try {
      http = HttpServer.create(new InetSocketAddress(address, port), 0);
    } catch (BindException busy) {
      http = HttpServer.create(new InetSocketAddress(address, 0), 0);
    }
    ExecutorService threads =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "sluice-ui-http");
              t.setDaemon(true);
              return t;
            });
    UiServer server = new UiServer(http, threads, source, host, token);
    http.createContext("/", server::handle);
    http.setExecutor(threads);
    http.start();
    return server;
  }

  /** The dashboard's address, with its token when it has one. */
  public URI url() {
    return url;
  }

  public int port() {
    return http.getAddress().getPort();
  }

  /**
   * Stops serving; open event streams first get up to two seconds to send their last snapshot and
   * end.
   */
  @Override
  public void close() {
    long deadline = System.nanoTime() + 2 * EVENT_MILLIS * 1_000_000L;
    while (streams.get() > 0 && System.nanoTime() < deadline) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    http.stop(0);
    threads.shutdownNow();
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      ex.getResponseHeaders().set("Cache-Control", "no-store");
      ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
      if (!ex.getRequestMethod().equals("GET")) {
        send(ex, 405, "application/json", error("only GET"));
        return;
      }
      Map<String, String> query = query(ex.getRequestURI().getRawQuery());
      if (!authorized(ex, query)) {
        send(
            ex,
            401,
            "application/json",
            error(
                "this dashboard needs its token: open the URL it printed"
                    + " at start (...?token=...)"));
        return;
      }
      String path = ex.getRequestURI().getPath();
      if (STATIC.containsKey(path)) {
        serveResource(ex, STATIC.get(path));
      } else if (path.startsWith("/api/")) {
        api(ex, path.substring("/api/".length()), query);
      } else {
        send(ex, 404, "application/json", error("no such page: " + path));
      }
    } catch (IOException gone) {
      // the client went away (an event stream closed)
    }
  }

  private boolean authorized(HttpExchange ex, Map<String, String> query) {
    if (token == null) {
      return true;
    }
    String given = query.get("token");
    String header = ex.getRequestHeaders().getFirst("Authorization");
    if (given == null && header != null && header.startsWith("Bearer ")) {
      given = header.substring("Bearer ".length()).trim();
    }
    return given != null
        && MessageDigest.isEqual(
            given.getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8));
  }

  private void api(HttpExchange ex, String rest, Map<String, String> query) throws IOException {
    List<String> parts = List.of(rest.split("/"));
    if (!parts.get(0).equals("jobs") || parts.size() > 3) {
      send(ex, 404, "application/json", error("no such API: /api/" + rest));
      return;
    }
    if (parts.size() == 1) {
      ObjectNode root = JsonNodeFactory.instance.objectNode();
      ArrayNode jobs = root.putArray("jobs");
      for (ObjectNode r : source.reports()) {
        if (matches(r, query)) {
          jobs.add(RunSource.summary(r));
        }
      }
      sendJson(ex, root);
      return;
    }
    String id = URLDecoder.decode(parts.get(1), StandardCharsets.UTF_8);
    Optional<ObjectNode> report = source.report(id);
    if (report.isEmpty()) {
      send(ex, 404, "application/json", error("no job " + id));
      return;
    }
    String what = parts.size() == 3 ? parts.get(2) : "";
    switch (what) {
      case "" -> sendJson(ex, report.get());
      case "operators" -> {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.set("operators", report.get().get("operators"));
        sendJson(ex, root);
      }
      case "logs" -> {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.set(
            "logs",
            report.get().path("logs").isArray()
                ? report.get().get("logs")
                : JsonNodeFactory.instance.arrayNode());
        sendJson(ex, root);
      }
      case "events" -> events(ex, id);
      default -> send(ex, 404, "application/json", error("no such API: /api/" + rest));
    }
  }

  private static boolean matches(ObjectNode report, Map<String, String> query) {
    String job = query.get("job");
    String outcome = query.get("outcome");
    return (job == null || job.isEmpty() || report.path("job").path("name").asText().contains(job))
        && (outcome == null
            || outcome.isEmpty()
            || report.path("outcome").asText().equals(outcome));
  }

  /** Server-sent events: the whole report every second while the run lasts, then {@code end}. */
  private void events(HttpExchange ex, String id) throws IOException {
    ex.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
    ex.sendResponseHeaders(200, 0);
    streams.incrementAndGet();
    try {
      stream(ex.getResponseBody(), id);
    } finally {
      streams.decrementAndGet();
    }
  }

  private void stream(OutputStream out, String id) throws IOException {
    while (true) {
      boolean live = source.isLive(id);
      Optional<ObjectNode> r = source.report(id);
      if (r.isEmpty()) {
        return;
      }
      out.write(
          ("event: snapshot\ndata: " + RunReport.toJson(r.get()).replace("\n", "") + "\n\n")
              .getBytes(StandardCharsets.UTF_8));
      out.flush();
      if (!live) {
        out.write("event: end\ndata: {}\n\n".getBytes(StandardCharsets.UTF_8));
        out.flush();
        return;
      }
      try {
        Thread.sleep(EVENT_MILLIS);
      } catch (InterruptedException e) {
        return; // closing
      }
    }
  }

  private void serveResource(HttpExchange ex, String name) throws IOException {
    byte[] body = resource(name).getBytes(StandardCharsets.UTF_8);
    String type =
        name.endsWith(".js") ? "text/javascript" : name.endsWith(".css") ? "text/css" : "text/html";
    send(ex, 200, type + "; charset=utf-8", body);
  }

  /** A file of the page, from the jar. */
  static String resource(String name) {
    try (InputStream in = UiServer.class.getResourceAsStream(RESOURCES + name)) {
      if (in == null) {
        throw new IllegalStateException("the dashboard's " + name + " is missing from the jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read the dashboard's " + name, e);
    }
  }

  private static void sendJson(HttpExchange ex, ObjectNode body) throws IOException {
    send(ex, 200, "application/json", RunReport.toJson(body).getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] error(String message) {
    ObjectNode e = JsonNodeFactory.instance.objectNode();
    e.put("error", message);
    return RunReport.toJson(e).getBytes(StandardCharsets.UTF_8);
  }

  private static void send(HttpExchange ex, int status, String type, byte[] body)
      throws IOException {
    ex.getResponseHeaders().set("Content-Type", type);
    ex.sendResponseHeaders(status, body.length);
    ex.getResponseBody().write(body);
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> out = new HashMap<>();
    if (raw == null) {
      return out;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      String k = eq < 0 ? pair : pair.substring(0, eq);
      String v = eq < 0 ? "" : pair.substring(eq + 1);
      out.put(
          URLDecoder.decode(k, StandardCharsets.UTF_8).toLowerCase(Locale.ROOT),
          URLDecoder.decode(v, StandardCharsets.UTF_8));
    }
    return out;
  }
}
