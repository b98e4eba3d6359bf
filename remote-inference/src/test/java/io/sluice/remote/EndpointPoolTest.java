package io.sluice.remote;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Endpoint choice, ejection, probation and panic probing, on a hand-driven clock. */
class EndpointPoolTest {

  private static final long MS = 1_000_000L;

  private static EndpointPool pool(int n, int maxConcurrent) {
    List<URI> uris = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      uris.add(URI.create("http://127.0.0.1:" + (8000 + i)));
    }
    return new EndpointPool(uris, "/embeddings", maxConcurrent, Duration.ofMillis(100));
  }

  private static Endpoint send(EndpointPool p, long now) {
    Endpoint e = p.pick(now);
    if (e != null) {
      e.outstanding++;
    }
    return e;
  }

  @Test
  void urlsGetV1AndThePath() {
    assertThat(EndpointPool.resolve(URI.create("http://h:1/v1/"), "/embeddings"))
        .hasToString("http://h:1/v1/embeddings");
    assertThat(EndpointPool.resolve(URI.create("http://h:1"), "/chat/completions"))
        .hasToString("http://h:1/v1/chat/completions");
    assertThat(
            EndpointPool.resolve(
                URI.create("https://h/openai/v1?api-version=2024-06-01"), "/embeddings"))
        .as("a query stays at the end")
        .hasToString("https://h/openai/v1/embeddings?api-version=2024-06-01");
  }

  @Test
  void labelsNameTheServerWithoutCredentials() {
    assertThat(Endpoint.label(URI.create("https://user:s3cret@h:8443/v1?api-key=s3cret#x")))
        .isEqualTo("https://h:8443/v1");
    assertThat(Endpoint.label(URI.create("http://127.0.0.1:8000")))
        .isEqualTo("http://127.0.0.1:8000");
    assertThat(
            Remote.openAiCompatible(URI.create("https://u:s3cret@h/v1?api-key=s3cret"))
                .embeddings("t", "e")
                .toString())
        .contains("https://h/v1")
        .doesNotContain("s3cret");
  }

  @Test
  void leastOutstandingWithinTheConcurrencyLimit() {
    EndpointPool p = pool(3, 2);
    int[] per = new int[3];
    for (int i = 0; i < 6; i++) {
      per[send(p, 0).index]++;
    }
    assertThat(per).containsExactly(2, 2, 2);
    assertThat(p.pick(0)).as("all at their limit").isNull();
    assertThat(p.nextAvailable(0)).as("only capacity holds requests back").isEqualTo(-1);
    Endpoint e1 = p.endpoints().get(1);
    e1.outstanding--;
    assertThat(p.pick(0)).isSameAs(e1);
  }

  @Test
  void anUnreachableEndpointIsEjectedThenProbedOneRequestAtATime() {
    EndpointPool p = pool(2, 4);
    Endpoint bad = p.endpoints().get(0);
    p.unreachable(bad, "connection refused", 0);
    for (int i = 0; i < 4; i++) {
      assertThat(send(p, 10 * MS).index).isEqualTo(1);
    }
    assertThat(p.pick(10 * MS)).as("the healthy one is full, the ejected one waits").isNull();
    assertThat(p.nextAvailable(10 * MS)).isEqualTo(-1);
    Endpoint back = send(p, 101 * MS);
    assertThat(back).isSameAs(bad);
    assertThat(bad.probation).isTrue();
    assertThat(p.pick(101 * MS)).as("one probe at a time").isNull();
    p.succeeded(bad, 120 * MS);
    bad.outstanding--;
    assertThat(send(p, 120 * MS)).isSameAs(bad);
    assertThat(send(p, 120 * MS)).isSameAs(bad);
  }

  @Test
  void threeServerErrorsInARowEject() {
    EndpointPool p = pool(1, 4);
    Endpoint e = p.endpoints().get(0);
    p.serverError(e, "HTTP 500", 0);
    p.serverError(e, "HTTP 500", 0);
    assertThat(e.available(0)).isTrue();
    p.serverError(e, "HTTP 500", 0);
    assertThat(e.available(50 * MS)).isFalse();
    assertThat(p.describe(50 * MS))
        .contains("http://127.0.0.1:8000")
        .contains("ejected")
        .contains("HTTP 500");
  }

  @Test
  void aRetryAfterPauseIsNotProbedEarly() {
    EndpointPool p = pool(1, 4);
    Endpoint e = p.endpoints().get(0);
    p.pause(e, 500 * MS, 0, "HTTP 429 (rate limited)");
    assertThat(p.pick(499 * MS)).isNull();
    assertThat(p.nextAvailable(1 * MS)).isEqualTo(500 * MS);
    assertThat(p.pick(500 * MS)).isSameAs(e);
  }

  @Test
  void whenEveryEndpointIsEjectedTheOneDueFirstIsProbed() {
    EndpointPool p = pool(2, 4);
    p.unreachable(p.endpoints().get(1), "refused", 0);
    p.unreachable(p.endpoints().get(0), "refused", 10 * MS);
    Endpoint probe = send(p, 20 * MS);
    assertThat(probe).as("ejection of #1 ends first").isSameAs(p.endpoints().get(1));
    assertThat(p.pick(20 * MS)).as("one probe in panic mode").isNull();
  }
}
