package io.sluice.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.api.PlanException;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import org.apache.arrow.vector.types.pojo.ArrowType.Utf8;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;

/**
 * The request and token pacers, the in-flight byte bound, retry delays, Retry-After and rate-limit
 * header parsing, prompt templates and key redaction.
 */
class PacingAndBackoffTest {

  @Test
  void permitsAreEvenlySpaced() {
    RequestPacer p = new RequestPacer(10); // 100 ms apart
    long ms = 1_000_000L;
    assertThat(p.tryAcquire(0)).isZero();
    assertThat(p.tryAcquire(30 * ms)).isEqualTo(70 * ms);
    assertThat(p.tryAcquire(100 * ms)).isZero();
    assertThat(p.tryAcquire(150 * ms)).isEqualTo(50 * ms);
    // idle time does not bank permits for a burst
    assertThat(p.tryAcquire(5_000 * ms)).isZero();
    assertThat(p.tryAcquire(5_001 * ms)).isPositive();
  }

  @Test
  void tokensAreSpacedByWeightAndCorrectedFromUsage() {
    TokenPacer p = new TokenPacer(6000); // 100 tokens/s: 10 ms per token
    long ms = 1_000_000L;
    assertThat(p.tryAcquire(0, 50)).isZero();
    assertThat(p.delay(100 * ms)).isEqualTo(400 * ms);
    assertThat(p.tryAcquire(100 * ms, 10)).as("nothing charged while waiting").isEqualTo(400 * ms);
    p.adjust(100 * ms, -20); // the answer said 30 tokens, not 50
    assertThat(p.delay(100 * ms)).isEqualTo(200 * ms);
    p.adjust(100 * ms, -1_000); // a refund never makes room before now
    assertThat(p.delay(100 * ms)).isZero();
    assertThat(p.tryAcquire(100 * ms, 10)).isZero();
    p.adjust(150 * ms, 30); // under-estimated by 30 tokens
    assertThat(p.delay(150 * ms)).isEqualTo(350 * ms);
  }

  @Test
  void exhaustedRateLimitHeadersPauseUntilTheirReset() {
    assertThat(Backoff.parseReset("6m0s")).contains(Duration.ofMinutes(6));
    assertThat(Backoff.parseReset("1h2m3.5s")).contains(Duration.ofMillis(3_723_500));
    assertThat(Backoff.parseReset("20ms")).contains(Duration.ofMillis(20));
    assertThat(Backoff.parseReset("1.5")).contains(Duration.ofMillis(1500));
    assertThat(Backoff.parseReset("soon")).isEmpty();
    assertThat(Backoff.parseReset("5sx")).isEmpty();
    HttpHeaders exhausted =
        HttpHeaders.of(
            Map.of(
                "x-ratelimit-remaining-tokens",
                List.of("0"),
                "x-ratelimit-reset-tokens",
                List.of("750ms"),
                "x-ratelimit-remaining-requests",
                List.of("0"),
                "x-ratelimit-reset-requests",
                List.of("2s")),
            (a, b) -> true);
    assertThat(Backoff.rateLimitReset(exhausted)).contains(Duration.ofSeconds(2));
    HttpHeaders left =
        HttpHeaders.of(
            Map.of(
                "x-ratelimit-remaining-tokens",
                List.of("120"),
                "x-ratelimit-reset-tokens",
                List.of("750ms")),
            (a, b) -> true);
    assertThat(Backoff.rateLimitReset(left)).isEmpty();
  }

  @Test
  void inFlightBytesWaitUntilReleasedAndLetOneOversizedBodyThroughAlone() throws Exception {
    InFlightBytes b = new InFlightBytes(100);
    assertThat(b.acquire(60)).isFalse();
    Thread waiter =
        new Thread(
            () -> {
              try {
                b.acquire(60);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    waiter.start();
    waiter.join(200);
    assertThat(waiter.isAlive()).as("60 + 60 > 100: waits").isTrue();
    b.release(60);
    waiter.join(5_000);
    assertThat(waiter.isAlive()).isFalse();
    assertThat(b.held()).isEqualTo(60);
    b.release(60);
    assertThat(b.acquire(500)).as("alone, a body over the bound goes").isFalse();
    b.release(500);
    assertThat(b.held()).isZero();
  }

  @Test
  void backoffDoublesWithJitterUpToTheCap() {
    Duration base = Duration.ofMillis(100);
    Duration max = Duration.ofSeconds(1);
    for (int i = 0; i < 200; i++) {
      assertThat(Backoff.delayNanos(base, max, 1)).isBetween(50_000_000L, 100_000_000L);
      assertThat(Backoff.delayNanos(base, max, 3)).isBetween(200_000_000L, 400_000_000L);
      assertThat(Backoff.delayNanos(base, max, 30)).isBetween(500_000_000L, 1_000_000_000L);
    }
  }

  private static HttpHeaders headers(String name, String value) {
    return HttpHeaders.of(Map.of(name, List.of(value)), (a, b) -> true);
  }

  @Test
  void retryAfterAsSecondsMillisOrDate() {
    assertThat(Backoff.retryAfter(headers("Retry-After", "2"), 0)).contains(Duration.ofSeconds(2));
    assertThat(Backoff.retryAfter(headers("retry-after-ms", "250"), 0))
        .contains(Duration.ofMillis(250));
    long now =
        ZonedDateTime.parse("Wed, 02 Dec 2026 01:00:00 GMT", DateTimeFormatter.RFC_1123_DATE_TIME)
            .toInstant()
            .toEpochMilli();
    assertThat(Backoff.retryAfter(headers("Retry-After", "Wed, 02 Dec 2026 01:00:03 GMT"), now))
        .contains(Duration.ofSeconds(3));
    assertThat(Backoff.retryAfter(headers("Retry-After", "soon"), 0)).isEmpty();
    assertThat(Backoff.retryAfter(headers("X-Other", "1"), 0)).isEmpty();
  }

  @Test
  void promptTemplatesNameTheirColumns() {
    PromptTemplate t = new PromptTemplate("Title: {title}\nBody: {body} {{literal}}");
    assertThat(t.columns()).containsExactly("title", "body");
    assertThatThrownBy(() -> new PromptTemplate("broken {title")).hasMessageContaining("unclosed");
    Schema schema = new Schema(List.of(Field.nullable("title", Utf8.INSTANCE)));
    assertThatThrownBy(() -> t.validate(schema, "stage"))
        .isInstanceOf(PlanException.class)
        .hasMessageContaining("'body'")
        .hasMessageContaining("[title]");
  }

  @Test
  void errorBodiesGiveTheServersMessageWithTheKeyMasked() {
    byte[] body =
        "{\"error\":{\"message\":\"bad key sk-123 for model x\",\"type\":\"auth\"}}".getBytes();
    assertThat(ErrorBodies.message(body, "sk-123")).isEqualTo("bad key *** for model x");
    assertThat(ErrorBodies.message("plain text failure".getBytes(), null))
        .isEqualTo("plain text failure");
    assertThat(ErrorBodies.message("x".repeat(2000).getBytes(), null)).hasSize(503);
  }

  @Test
  void specsValidateTheirOptions() {
    RemoteSpec spec = Remote.openAiCompatible(URI.create("http://127.0.0.1:1/v1"));
    assertThatThrownBy(() -> spec.outputSchema(new Schema(List.of())))
        .hasMessageContaining("choose an operation");
    assertThatThrownBy(() -> spec.maxConcurrentRequests(0))
        .hasMessageContaining("maxConcurrentRequests");
    assertThatThrownBy(() -> spec.tokensPerMinute(0)).hasMessageContaining("tokensPerMinute");
    assertThatThrownBy(() -> spec.maxInFlightBytes(0)).hasMessageContaining("maxInFlightBytes");
    assertThatThrownBy(() -> spec.dimensions(384)).hasMessageContaining("embeddings");
    assertThatThrownBy(() -> Remote.openAiCompatible(URI.create("ftp://x/")))
        .hasMessageContaining("http");
    assertThat(spec.embeddings("text", "embedding").dimensions(384).name())
        .isEqualTo("Remote(embeddings, default, 1 endpoint)");
    assertThatThrownBy(
            () ->
                spec.embeddings("missing", "e")
                    .outputSchema(new Schema(List.of(Field.nullable("text", Utf8.INSTANCE)))))
        .hasMessageContaining("'missing'")
        .hasMessageContaining("[text]");
  }
}
