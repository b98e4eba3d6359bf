package io.sluice.cli.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The token rule: with a token every request needs it (else 401 and no data); off loopback one is
 * required.
 */
class UiServerTokenTest {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  /** One fixed run, with a value that must never leak without the token. */
  private static final RunSource ONE =
      new RunSource() {
        @Override
        public List<ObjectNode> reports() {
          return List.of(report());
        }

        @Override
        public Optional<ObjectNode> report(String id) {
          return id.equals("r1") ? Optional.of(report()) : Optional.empty();
        }

        @Override
        public boolean isLive(String id) {
          return false;
        }

        private ObjectNode report() {
          ObjectNode r = JsonNodeFactory.instance.objectNode();
          r.put("id", "r1");
          r.putObject("job").put("name", "private-job-name");
          r.put("outcome", "succeeded");
          r.putArray("operators");
          return r;
        }
      };

  @Test
  void withATokenEveryRequestNeedsIt() throws Exception {
    try (UiServer server = UiServer.start(ONE, "127.0.0.1", 0, "s3cret-token")) {
      String base = "http://127.0.0.1:" + server.port() + "/";
      assertThat(server.url().toString()).isEqualTo(base + "?token=s3cret-token");
      for (String path :
          List.of(
              "",
              "app.js",
              "api/jobs",
              "api/jobs/r1",
              "api/jobs/r1/operators",
              "api/jobs/r1/events")) {
        HttpResponse<String> denied = get(base + path, null);
        assertThat(denied.statusCode()).as(path).isEqualTo(401);
        assertThat(denied.body()).as(path).doesNotContain("private-job-name").contains("token");
        assertThat(get(base + path + "?token=wrong", null).statusCode()).as(path).isEqualTo(401);
      }
      assertThat(get(base + "api/jobs?token=s3cret-token", null).body())
          .contains("private-job-name");
      assertThat(get(base + "api/jobs/r1", "Bearer s3cret-token").body())
          .contains("private-job-name");
      HttpResponse<String> events = get(base + "api/jobs/r1/events?token=s3cret-token", null);
      assertThat(events.body()).startsWith("event: snapshot\ndata: {").contains("event: end");
    }
  }

  @Test
  void withoutATokenOnlyLoopbackBinds() throws Exception {
    assertThatThrownBy(() -> UiServer.start(ONE, "0.0.0.0", 0, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("needs a token");
    UiOptions options = new UiOptions();
    options.host = "0.0.0.0";
    assertThat(options.effectiveToken()).hasSize(32);
    options.host = "127.0.0.1";
    assertThat(options.effectiveToken()).isNull();
    try (UiServer server = UiServer.start(ONE, "127.0.0.1", 0, null)) {
      assertThat(get("http://127.0.0.1:" + server.port() + "/api/jobs", null).body())
          .contains("private-job-name");
    }
  }

  @Test
  void aBusyPortFallsBackToAFreeOne() throws Exception {
    try (UiServer first = UiServer.start(ONE, "127.0.0.1", 0, null);
        UiServer second = UiServer.start(ONE, "127.0.0.1", first.port(), null)) {
      assertThat(second.port()).isNotEqualTo(first.port()).isPositive();
    }
  }

  private static HttpResponse<String> get(String url, String auth) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url));
    if (auth != null) {
      b.header("Authorization", auth);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
