package io.sluice.connectors.s3;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * A fault-injecting HTTP/1.1 proxy on 127.0.0.1 between S3A and an S3 server (usually {@link
 * S3TestServer}): every request is forwarded byte for byte (so AWS signatures stay valid,
 * keep-alive and {@code Expect: 100-continue} included) unless a {@link Fault} matches it, which
 * then answers 503 SlowDown or 500 InternalError itself, resets or closes the connection halfway
 * through the response body, or delays the response.
 *
 * <p>Use: start the server, {@code new S3FaultProxy(server)}, point S3A at {@link #options()} (the
 * server's settings with this endpoint), {@link #inject} faults at any time from any thread, {@link
 * #clear()} them, {@link #close()} at the end. Each request consumes one use of the first fault
 * that matches it and has uses left.
 */
public final class S3FaultProxy implements AutoCloseable {

  /** What a fault does to the request it matches. */
  public enum Kind {
    /**
     * 503 with S3's SlowDown error, as throttled S3 answers; the request never reaches the server.
     */
    SLOW_DOWN,
    /** 500 InternalError; the request never reaches the server. */
    INTERNAL_ERROR,
    /** Forwarded; the client gets the response head and half the body, then a TCP reset. */
    RESET_MID_BODY,
    /**
     * Forwarded; the client gets the response head and half the body, then a clean close (a short
     * body).
     */
    TRUNCATE,
    /** Forwarded; the response is held back for the fault's delay first. */
    DELAY
  }

  /** A request as the proxy sees it: method, bucket, key (without the bucket) and query. */
  public record Request(String method, String bucket, String key, String query) {
    @Override
    public String toString() {
      return method
          + " /"
          + bucket
          + (key.isEmpty() ? "" : "/" + key)
          + (query.isEmpty() ? "" : "?" + query);
    }
  }

  /** A fault rule; {@link #uses()} counts down to zero, after which it matches nothing. */
  public static final class Fault {
    private final Kind kind;
    private final Predicate<Request> when;
    private final AtomicInteger left;
    private final long delayMillis;
    private final AtomicInteger hits = new AtomicInteger();

    private Fault(Kind kind, Predicate<Request> when, int uses, long delayMillis) {
      this.kind = kind;
      this.when = when;
      this.left = new AtomicInteger(uses);
      this.delayMillis = delayMillis;
    }

    /** Uses left. */
    public int uses() {
      return left.get();
    }

    /** Requests this fault was applied to. */
    public int hits() {
      return hits.get();
    }

    private boolean tryApply(Request r) {
      if (!when.test(r)) {
        return false;
      }
      while (true) {
        int n = left.get();
        if (n <= 0) {
          return false;
        }
        if (left.compareAndSet(n, n == Integer.MAX_VALUE ? n : n - 1)) {
          hits.incrementAndGet();
          return true;
        }
      }
    }
  }

  /** Uses that never run out (until {@link #clear()}). */
  public static final int FOREVER = Integer.MAX_VALUE;

  private final S3TestServer server;
  private final int backendPort;
  private final ServerSocket listener;
  private final ExecutorService threads =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "s3-fault-proxy");
            t.setDaemon(true);
            return t;
          });
  private final List<Fault> faults = new CopyOnWriteArrayList<>();
  private final List<String> log = Collections.synchronizedList(new ArrayList<>());
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private final AtomicLong requests = new AtomicLong();
  private volatile boolean closed;

  /** A proxy in front of {@code server}, listening on 127.0.0.1 and a free port. */
  public S3FaultProxy(S3TestServer server) throws IOException {
    this.server = server;
    this.backendPort = URI.create(server.endpoint()).getPort();
    this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    threads.execute(this::acceptLoop);
  }

  /**
   * {@code t} and its causes, one per line: what a test checks a failure's message against (the
   * object named, the S3 error, no secret anywhere in the chain).
   */
  public static String causeChain(Throwable t) {
    StringBuilder chain = new StringBuilder();
    for (Throwable c = t; c != null; c = c.getCause()) {
      chain.append(c).append('\n');
    }
    return chain.toString();
  }

  /** Matches GETs of keys containing {@code keyPart} (object reads, ranged or not). */
  public static Predicate<Request> get(String keyPart) {
    return r -> r.method().equals("GET") && !r.key().isEmpty() && r.key().contains(keyPart);
  }

  /** Matches PUTs and POSTs (uploads) of keys containing {@code keyPart}. */
  public static Predicate<Request> upload(String keyPart) {
    return r ->
        (r.method().equals("PUT") || r.method().equals("POST")) && r.key().contains(keyPart);
  }

  /** Matches every request to {@code bucket}. */
  public static Predicate<Request> bucket(String bucket) {
    return r -> r.bucket().equals(bucket);
  }

  /**
   * Adds a fault applied to the next {@code uses} matching requests ({@link #FOREVER}: until
   * cleared).
   */
  public Fault inject(Kind kind, Predicate<Request> when, int uses) {
    return inject(kind, when, uses, 0);
  }

  /**
   * As {@link #inject(Kind, Predicate, int)}; {@code delayMillis} is the hold-back of {@link
   * Kind#DELAY}.
   */
  public Fault inject(Kind kind, Predicate<Request> when, int uses, long delayMillis) {
    Fault f = new Fault(kind, when, uses, delayMillis);
    faults.add(f);
    return f;
  }

  /** Removes every fault; later requests are forwarded untouched. */
  public void clear() {
    faults.clear();
  }

  /** The faults applied so far, one line each ("SLOW_DOWN PUT /bucket/key"), in order. */
  public List<String> log() {
    synchronized (log) {
      return List.copyOf(log);
    }
  }

  /** Requests seen so far. */
  public long requests() {
    return requests.get();
  }

  public String endpoint() {
    return "http://127.0.0.1:" + listener.getLocalPort();
  }

  /** The server's S3A settings ({@link S3TestServer#options()}) with this proxy as the endpoint. */
  public Map<String, String> options() {
    Map<String, String> o = new HashMap<>(server.options());
    o.put("fs.s3a.endpoint", endpoint());
    return o;
  }

  @Override
  public void close() throws IOException {
    closed = true;
    listener.close();
    for (Socket s : open) {
      s.close();
    }
    threads.shutdownNow();
  }

  private void acceptLoop() {
    while (!closed) {
      try {
        Socket client = listener.accept();
        open.add(client);
        threads.execute(() -> serve(client));
      } catch (IOException e) {
        if (!closed) {
          log.add("accept failed: " + e);
        }
        return;
      }
    }
  }

  /** Serves one client connection, request after request, over one backend connection. */
  private void serve(Socket client) {
    Socket backend = null;
    try (client) {
      InputStream in = new BufferedInputStream(client.getInputStream());
      OutputStream out = client.getOutputStream();
      InputStream bin = null;
      OutputStream bout = null;
      while (true) {
        HttpHead req = HttpHead.read(in);
        if (req == null) {
          return;
        }
        requests.incrementAndGet();
        Request request = req.request();
        Fault fault = match(request);
        Kind kind = fault == null ? null : fault.kind;
        if (kind != null) {
          log.add(kind + " " + request);
        }
        boolean expectContinue = "100-continue".equalsIgnoreCase(req.header("expect"));
        if (kind == Kind.SLOW_DOWN || kind == Kind.INTERNAL_ERROR) {
          if (!expectContinue) {
            HttpBodies.relay(in, OutputStream.nullOutputStream(), req, Long.MAX_VALUE);
          }
          answerError(out, request, kind, req.method().equals("HEAD"));
          return; // Connection: close
        }
        if (backend == null) {
          backend = new Socket(InetAddress.getLoopbackAddress(), backendPort);
          open.add(backend);
          bin = new BufferedInputStream(backend.getInputStream());
          bout = backend.getOutputStream();
        }
        bout.write(req.raw());
        bout.flush();
        HttpHead resp;
        if (expectContinue) {
          resp = HttpHead.read(bin);
          if (resp != null && resp.status() == 100) {
            out.write(resp.raw());
            out.flush();
            HttpBodies.relay(in, bout, req, Long.MAX_VALUE);
            bout.flush();
            resp = HttpHead.read(bin);
          } else if (resp != null) {
            // a final answer instead of 100: the client sends no body; this connection ends after
            // it
            relayResponse(client, req, resp, bin, out, kind, fault);
            return;
          }
        } else {
          HttpBodies.relay(in, bout, req, Long.MAX_VALUE);
          bout.flush();
          resp = HttpHead.read(bin);
        }
        if (resp == null) {
          return; // the server closed the connection
        }
        if (!relayResponse(client, req, resp, bin, out, kind, fault)) {
          return;
        }
      }
    } catch (IOException e) {
      // a client or server that went away; the other side sees the connection close
    } finally {
      if (backend != null) {
        try {
          backend.close();
        } catch (IOException ignored) {
          // closing
        }
        open.remove(backend);
      }
      open.remove(client);
    }
  }

  /** Forwards one response (or cuts it); false when the client connection must end. */
  private boolean relayResponse(
      Socket client,
      HttpHead req,
      HttpHead resp,
      InputStream bin,
      OutputStream out,
      Kind kind,
      Fault fault)
      throws IOException {
    if (kind == Kind.DELAY) {
      sleep(fault.delayMillis);
    }
    boolean bodiless = req.method().equals("HEAD") || resp.status() == 204 || resp.status() == 304;
    if (kind == Kind.RESET_MID_BODY || kind == Kind.TRUNCATE) {
      long length = bodiless ? 0 : resp.contentLength();
      if (length > 0) {
        out.write(resp.raw());
        HttpBodies.relay(bin, out, resp, length / 2);
        out.flush();
      }
      if (kind == Kind.RESET_MID_BODY) {
        client.setSoLinger(
            true, 0); // the close in serve() sends a TCP RST: the client reads "Connection reset"
      }
      return false;
    }
    out.write(resp.raw());
    boolean untilEof = !bodiless && resp.contentLength() < 0 && !resp.chunked();
    if (!bodiless) {
      HttpBodies.relay(bin, out, resp, Long.MAX_VALUE);
    }
    out.flush();
    return !untilEof && !"close".equalsIgnoreCase(resp.header("connection"));
  }

  private Fault match(Request r) {
    for (Fault f : faults) {
      if (f.tryApply(r)) {
        return f;
      }
    }
    return null;
  }

  private static void answerError(OutputStream out, Request r, Kind kind, boolean head)
      throws IOException {
    String code = kind == Kind.SLOW_DOWN ? "SlowDown" : "InternalError";
    String message =
        kind == Kind.SLOW_DOWN
            ? "Please reduce your request rate."
            : "We encountered an internal error." + " Please try again.";
    byte[] body =
        ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>"
                + code
                + "</Code><Message>"
                + message
                + "</Message><Resource>/"
                + r.bucket()
                + "/"
                + r.key()
                + "</Resource><RequestId>sluice-fault</RequestId>"
                + "</Error>")
            .getBytes(StandardCharsets.UTF_8);
    String status = kind == Kind.SLOW_DOWN ? "503 Slow Down" : "500 Internal Server Error";
    String headers =
        "HTTP/1.1 "
            + status
            + "\r\nContent-Type: application/xml\r\nx-amz-request-id: sluice-fault\r\n"
            + "Content-Length: "
            + (head ? 0 : body.length)
            + "\r\nConnection: close\r\n\r\n";
    out.write(headers.getBytes(StandardCharsets.ISO_8859_1));
    if (!head) {
      out.write(body);
    }
    out.flush();
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
