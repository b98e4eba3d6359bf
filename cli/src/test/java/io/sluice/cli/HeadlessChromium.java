package io.sluice.cli;

import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;

/**
 * Debian's Chromium, headless, driven over its DevTools protocol (a WebSocket on 127.0.0.1, the
 * JDK's client): loads a page, waits until its scripts rendered what a test looks for, reads the
 * DOM and takes screenshots. A live page keeps an event stream open, so waiting on "page loaded" or
 * on virtual time would not do. Installed by .ci/run; in CI a missing browser fails the test.
 *
 * <p>Call-order rules: {@link #start}, then {@link #open}, {@link #domWhen} and {@link #screenshot}
 * in any order, one at a time, then {@link #close}.
 */
final class HeadlessChromium implements AutoCloseable {

  static final Path BINARY = Path.of("/usr/bin/chromium");
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Process process;
  private final WebSocket socket;
  private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
  private final AtomicInteger ids = new AtomicInteger();

  private HeadlessChromium(Process process, WebSocket socket) {
    this.process = process;
    this.socket = socket;
  }

  static void require() {
    if (!Files.isExecutable(BINARY)) {
      if (System.getenv("CI") != null) {
        fail(BINARY + " is missing: .ci/run must install the chromium package");
      }
      Assumptions.abort("no " + BINARY + " (apt-get install -y chromium)");
    }
  }

  /** Starts the browser with a fresh profile under {@code tmp} and connects to its blank page. */
  static HeadlessChromium start(Path tmp) throws Exception {
    Path profile = Files.createTempDirectory(tmp, "chromium-profile");
    List<String> cmd =
        new ArrayList<>(
            List.of(
                BINARY.toString(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
                "--window-size=1400,1200",
                "--hide-scrollbars",
                "--remote-debugging-address=127.0.0.1",
                "--remote-debugging-port=0",
                "--user-data-dir=" + profile,
                "about:blank"));
    Process p = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    BufferedReader err =
        new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8));
    CompletableFuture<String> ws =
        CompletableFuture.supplyAsync(
            () -> {
              StringBuilder seen = new StringBuilder();
              try {
                for (String line = err.readLine(); line != null; line = err.readLine()) {
                  if (line.startsWith("DevTools listening on ")) {
                    String url = line.substring("DevTools listening on ".length()).trim();
                    Thread drain =
                        new Thread(() -> err.lines().forEach(l -> {}), "chromium-stderr");
                    drain.setDaemon(true);
                    drain.start();
                    return url;
                  }
                  seen.append(line).append('\n');
                }
              } catch (IOException e) {
                seen.append(e);
              }
              throw new IllegalStateException(
                  "chromium did not start its DevTools endpoint:\n" + seen);
            });
    String browserUrl;
    try {
      browserUrl = ws.get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      p.destroyForcibly();
      throw e;
    }
    URI browser = URI.create(browserUrl);
    HttpClient http = HttpClient.newHttpClient();
    String list =
        http.send(
                HttpRequest.newBuilder(
                        URI.create("http://" + browser.getAuthority() + "/json/list"))
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .body();
    String pageUrl = null;
    for (JsonNode t : JSON.readTree(list)) {
      if (t.path("type").asText().equals("page")) {
        pageUrl = t.path("webSocketDebuggerUrl").asText();
      }
    }
    if (pageUrl == null) {
      p.destroyForcibly();
      fail("chromium has no page target: " + list);
    }
    HeadlessChromium[] self = new HeadlessChromium[1];
    StringBuilder frame = new StringBuilder();
    WebSocket socket =
        http.newWebSocketBuilder()
            .buildAsync(
                URI.create(pageUrl),
                new WebSocket.Listener() {
                  @Override
                  public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                    frame.append(data);
                    if (last) {
                      self[0].received(frame.toString());
                      frame.setLength(0);
                    }
                    w.request(1);
                    return null;
                  }
                })
            .get(10, TimeUnit.SECONDS);
    self[0] = new HeadlessChromium(p, socket);
    return self[0];
  }

  private void received(String message) {
    try {
      JsonNode m = JSON.readTree(message);
      if (m.has("id")) {
        CompletableFuture<JsonNode> f = pending.remove(m.get("id").asInt());
        if (f != null) {
          f.complete(m);
        }
      }
    } catch (IOException e) {
      // not for us
    }
  }

  private JsonNode call(String method, ObjectNode params) throws Exception {
    int id = ids.incrementAndGet();
    ObjectNode msg = JSON.createObjectNode();
    msg.put("id", id);
    msg.put("method", method);
    msg.set("params", params);
    CompletableFuture<JsonNode> f = new CompletableFuture<>();
    pending.put(id, f);
    socket.sendText(msg.toString(), true).get(10, TimeUnit.SECONDS);
    JsonNode r = f.get(30, TimeUnit.SECONDS);
    if (r.has("error")) {
      fail(method + " failed: " + r.get("error"));
    }
    return r.path("result");
  }

  /** Navigates to {@code url}. */
  void open(String url) throws Exception {
    call("Page.navigate", JSON.createObjectNode().put("url", url));
  }

  /**
   * The page's DOM once {@code selector} matches an element (its scripts have rendered it), polled
   * for at most {@code timeout}.
   */
  String domWhen(String selector, Duration timeout) throws Exception {
    String js =
        "document.querySelector("
            + JSON.writeValueAsString(selector)
            + ") ? document.documentElement.outerHTML : ''";
    long deadline = System.nanoTime() + timeout.toNanos();
    String last = "";
    while (System.nanoTime() < deadline) {
      JsonNode r =
          call(
              "Runtime.evaluate",
              JSON.createObjectNode().put("expression", js).put("returnByValue", true));
      String dom = r.at("/result/value").asText("");
      if (!dom.isEmpty()) {
        return dom;
      }
      last =
          call(
                  "Runtime.evaluate",
                  JSON.createObjectNode()
                      .put("expression", "document.documentElement.outerHTML")
                      .put("returnByValue", true))
              .at("/result/value")
              .asText("");
      Thread.sleep(200);
    }
    throw new AssertionError("the page never showed " + selector + "; its DOM:\n" + last);
  }

  /** A PNG of the whole page. */
  void screenshot(Path png) throws Exception {
    JsonNode r =
        call(
            "Page.captureScreenshot",
            JSON.createObjectNode().put("format", "png").put("captureBeyondViewport", true));
    Files.createDirectories(png.toAbsolutePath().getParent());
    Files.write(png, Base64.getDecoder().decode(r.path("data").asText()));
  }

  @Override
  public void close() throws Exception {
    socket.abort();
    // chromium's helpers (renderer, crashpad) outlive the browser process for a moment and keep
    // writing into
    // the profile, so @TempDir's cleanup could fail on a busy machine: stop and wait for them too
    List<ProcessHandle> helpers = process.descendants().toList();
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
    for (ProcessHandle h : helpers) {
      h.destroyForcibly();
      try {
        h.onExit().get(10, TimeUnit.SECONDS);
      } catch (TimeoutException e) {
        // left to the OS; the temp directory cleanup reports it if it still writes
      }
    }
  }
}
