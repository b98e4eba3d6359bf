package io.sluice.remote;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.api.Compute;
import io.sluice.api.JobStats;
import io.sluice.api.Row;
import io.sluice.api.Sluice;
import io.sluice.remote.fixture.FixtureProcess;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * The stage-wide limits against real server processes (chat completions, {@code "echo: " +
 * prompt}): the window shared by several actors, the tokens-per-minute limit against a server's
 * token budget, a server's own budget answered with 429 and rate-limit headers, and the in-flight
 * byte bound.
 */
class RemoteLimitsTest {

  private static void expectEchoes(List<Row> out, int n) {
    assertThat(out)
        .extracting(r -> r.getLong("id"))
        .containsExactlyElementsOf(LongStream.range(0, n).boxed().toList());
    for (Row r : out) {
      assertThat(r.getString("reply")).isEqualTo("echo: Say: " + r.getString("text"));
    }
  }

  private static RemoteSpec chat(URI... uris) {
    return Remote.openAiCompatible(uris)
        .model("echo")
        .chat("Say: {text}", "reply")
        .temperature(0)
        .maxTokens(16);
  }

  private static Map<String, Long> counters(JobStats job) {
    String op =
        job.operators().stream()
            .map(JobStats.OperatorStats::name)
            .filter(n -> n.contains("Remote("))
            .findFirst()
            .orElseThrow();
    return job.udfCounters(op);
  }

  @Test
  void severalActorsShareOneWindowKeepOrderAndCountEachRequestOnce() throws Exception {
    int n = 300;
    try (FixtureProcess a = FixtureProcess.start("--latency-ms", "30");
        Sluice s = Sluice.local(Corpus.opts().build())) {
      var taken =
          s.fromItems(Corpus.rows(Corpus.texts(n)))
              .mapBatches(
                  chat(a.uri()).maxConcurrentRequests(6), Compute.actors(3).cpus(0).batchSize(25))
              .takeAllWithStats();
      List<Row> out = taken.value();
      expectEchoes(out, n);
      JsonNode stats = a.stats();
      // Three actors each with its own client would put 18 requests on the server at once.
      assertThat(stats.path("maxInFlight").asInt())
          .as("the stage's window, not each actor's")
          .isBetween(2, 6);
      assertThat(stats.path("requests").asLong()).isEqualTo(n);
      Map<String, Long> c = counters(taken.stats());
      assertThat(c)
          .containsEntry("requests", (long) n)
          .containsEntry("succeeded", (long) n)
          .containsEntry("status.200", (long) n)
          .containsEntry("endpoint[" + a.uri() + "].requests", (long) n);
    }
  }

  @Test
  void theTokenLimitKeepsUnderTheServersBudgetWithout429s() throws Exception {
    int n = 120;
    // The server allows 1500 tokens per rolling 5 s (18,000 a minute); the stage is limited to
    // 15,000 a
    // minute (250 a second), so no 5 s window can exceed 1250 + one request: no 429 may happen.
    try (FixtureProcess a =
            FixtureProcess.start("--tokens-per-minute", "1500", "--token-window-ms", "5000");
        Sluice s = Sluice.local(Corpus.opts().build())) {
      long start = System.nanoTime();
      var taken =
          s.fromItems(Corpus.rows(Corpus.texts(n)))
              .mapBatches(
                  chat(a.uri()).maxConcurrentRequests(8).tokensPerMinute(15_000),
                  Compute.actors(1).cpus(0).batchSize(60))
              .takeAllWithStats();
      List<Row> out = taken.value();
      double seconds = (System.nanoTime() - start) / 1e9;
      expectEchoes(out, n);
      JsonNode stats = a.stats();
      assertThat(stats.path("tokenBudgetRefusals").asLong())
          .as("429s for the token budget")
          .isZero();
      assertThat(stats.path("statuses").path("429").asLong()).isZero();
      long tokens = stats.path("tokensServed").asLong();
      assertThat(tokens)
          .as("the job's own usage totals")
          .isEqualTo(
              counters(taken.stats()).get("tokens.prompt")
                  + counters(taken.stats()).get("tokens.completion"));
      // Paced at 250 tokens/s (the first request goes at once): the limit really held the job back.
      assertThat(seconds).isGreaterThanOrEqualTo((tokens - 40) / 250.0 * 0.9);
    }
  }

  @Test
  void aServersTokenBudgetIsHonouredThroughRetryAfterAndTheJobFinishes() throws Exception {
    int n = 60;
    // No limit on the stage: the server's budget (400 tokens per 2 s) answers 429 + Retry-After.
    try (FixtureProcess a =
            FixtureProcess.start("--tokens-per-minute", "400", "--token-window-ms", "2000");
        Sluice s = Sluice.local(Corpus.opts().build())) {
      var taken =
          s.fromItems(Corpus.rows(Corpus.texts(n)))
              .mapBatches(
                  chat(a.uri()).maxConcurrentRequests(1).maxRetries(20),
                  Compute.actors(1).cpus(0).batchSize(n))
              .takeAllWithStats();
      List<Row> out = taken.value();
      expectEchoes(out, n);
      JsonNode stats = a.stats();
      long refused = stats.path("tokenBudgetRefusals").asLong();
      assertThat(stats.path("tokensServed").asLong()).isGreaterThan(400);
      assertThat(refused).as("the budget was hit").isPositive();
      assertThat(stats.path("retryAfterViolations").asLong())
          .as("requests inside a Retry-After pause")
          .isZero();
      Map<String, Long> c = counters(taken.stats());
      assertThat(c.get("retries.rate_limited")).isEqualTo(refused);
      // No storm: each 429 pauses the endpoint until the oldest tokens of the rolling window age
      // out,
      // which makes room for about one request, so refusals stay below one per admitted request
      // after the first window (about 20 requests fit in it).
      assertThat(refused).isLessThanOrEqualTo(n - 15);
    }
  }

  @Test
  void aSlowEndpointCannotGrowTheBytesInFlightPastTheBound() throws Exception {
    int n = 120;
    // Each chat body is over 100 bytes, so 1500 bytes hold at most 14 requests however many the
    // window (64) allows.
    try (FixtureProcess a = FixtureProcess.start("--latency-ms", "100");
        Sluice s = Sluice.local(Corpus.opts().build())) {
      var taken =
          s.fromItems(Corpus.rows(Corpus.texts(n)))
              .mapBatches(
                  chat(a.uri()).maxConcurrentRequests(64).maxInFlightBytes(1500),
                  Compute.actors(1).cpus(0).batchSize(n))
              .takeAllWithStats();
      List<Row> out = taken.value();
      expectEchoes(out, n);
      assertThat(a.stats().path("maxInFlight").asInt()).isBetween(2, 14);
      assertThat(counters(taken.stats()).get("waits.in_flight_bytes"))
          .as("the actor waited for room")
          .isPositive();
    }
  }
}
