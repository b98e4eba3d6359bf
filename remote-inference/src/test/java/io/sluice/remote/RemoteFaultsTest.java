package io.sluice.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.api.Compute;
import io.sluice.api.ErrorPolicy;
import io.sluice.api.JobStats;
import io.sluice.api.Row;
import io.sluice.api.Sluice;
import io.sluice.api.spi.WriteResult;
import io.sluice.remote.fixture.FixtureProcess;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Failures of real server processes, through chat completions (the fixture answers {@code "echo: "
 * + prompt}, so every row's output is checkable): a rank killed with SIGKILL mid-job, 429 with
 * Retry-After, the global rate limit, a row the server rejects, every endpoint down, and a wrong
 * API key that the server echoes back.
 */
class RemoteFaultsTest {

  @TempDir Path dir;

  private static List<Row> expectEchoes(List<Row> out, int n) {
    assertThat(out)
        .extracting(r -> r.getLong("id"))
        .containsExactlyElementsOf(LongStream.range(0, n).boxed().toList());
    for (Row r : out) {
      assertThat(r.getString("reply")).isEqualTo("echo: Say: " + r.getString("text"));
    }
    return out;
  }

  private static RemoteSpec chat(URI... uris) {
    return Remote.openAiCompatible(uris)
        .model("echo")
        .chat("Say: {text}", "reply")
        .temperature(0)
        .maxTokens(16);
  }

  @Test
  void aRankKilledMidJobLosesNoRowAndTheJobFinishesOnTheOtherTwo() throws Exception {
    int n = 600;
    try (FixtureProcess a = FixtureProcess.start("--latency-ms", "20");
        FixtureProcess b = FixtureProcess.start("--latency-ms", "20");
        FixtureProcess victim = FixtureProcess.start("--latency-ms", "20");
        Sluice s = Sluice.local(Corpus.opts().build())) {
      AtomicLong servedBeforeKill = new AtomicLong(-1);
      Thread killer =
          new Thread(
              () -> {
                try {
                  while (victim.requests() < 60) {
                    Thread.sleep(5);
                  }
                  victim.kill(); // SIGKILL while requests are in flight on it
                  servedBeforeKill.set(1);
                } catch (Exception e) {
                  throw new RuntimeException(e);
                }
              });
      killer.start();
      RemoteSpec spec =
          chat(a.uri(), b.uri(), victim.uri())
              .maxConcurrentRequests(4)
              .ejectFor(Duration.ofSeconds(30));
      var taken =
          s.fromItems(Corpus.rows(Corpus.texts(n)))
              .mapBatches(spec, Compute.actors(1).cpus(0).batchSize(100))
              .takeAllWithStats();
      List<Row> out = taken.value();
      killer.join();
      assertThat(victim.alive()).isFalse();
      assertThat(servedBeforeKill.get()).isEqualTo(1);
      expectEchoes(out, n);
      long survivors = a.requests() + b.requests();
      assertThat(survivors)
          .as("the two survivors answered the rest")
          .isGreaterThanOrEqualTo(n - 60 - 4 * 3);
      assertThat(a.requests()).isGreaterThan(n / 4);
      assertThat(b.requests()).isGreaterThan(n / 4);
      // The kill hit the running job, not one that had already finished: requests failed on the
      // victim (reset or refused), were retried elsewhere, and the victim went out of rotation.
      Map<String, Long> c = taken.stats().udfCounters(remoteOperator(taken.stats()));
      assertThat(c.get("endpoint[" + victim.uri() + "].ejections"))
          .as("victim ejected")
          .isPositive();
      assertThat(c.get("endpoint[" + victim.uri() + "].errors.connection"))
          .as("failed on the victim")
          .isPositive();
      assertThat(c.get("retries.connection"))
          .isEqualTo(c.get("endpoint[" + victim.uri() + "].retries.connection"));
      assertThat(
              c.get("endpoint[" + a.uri() + "].requests")
                  + c.get("endpoint[" + b.uri() + "].requests"))
          .as("the job's own count of the survivors' requests")
          .isEqualTo(survivors);
    }
  }

  private static String remoteOperator(JobStats job) {
    return job.operators().stream()
        .map(JobStats.OperatorStats::name)
        .filter(name -> name.contains("Remote("))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void retryAfterIsHonouredBeforeTheEndpointGetsAnotherRequest() throws Exception {
    int n = 30;
    try (FixtureProcess a =
            FixtureProcess.start("--retry-after-every", "10", "--retry-after-seconds", "1");
        Sluice s = Sluice.local(Corpus.opts().build())) {
      RemoteStats.Snapshot before = RemoteStats.global().snapshot();
      long start = System.nanoTime();
      var taken =
          s.fromItems(Corpus.rows(Corpus.texts(n)))
              .mapBatches(
                  chat(a.uri()).maxConcurrentRequests(1), Compute.actors(1).cpus(0).batchSize(n))
              .takeAllWithStats();
      List<Row> out = taken.value();
      double seconds = (System.nanoTime() - start) / 1e9;
      expectEchoes(out, n);
      JsonNode stats = a.stats();
      assertThat(stats.path("statuses").path("429").asLong()).isEqualTo(3);
      assertThat(stats.path("retryAfterViolations").asLong())
          .as("requests that arrived inside a Retry-After pause")
          .isZero();
      assertThat(seconds).isGreaterThanOrEqualTo(3.0);
      RemoteStats.Snapshot d = RemoteStats.global().snapshot().minus(before);
      assertThat(d.retries(RetryCause.RATE_LIMITED)).isEqualTo(3);
      assertThat(d.requests()).isEqualTo(n + 3);

      // The same figures reach the job's stats through the UDF counters hook, tokens from `usage`.
      JobStats job = taken.stats();
      String op =
          job.operators().stream()
              .map(JobStats.OperatorStats::name)
              .filter(name -> name.contains("Remote("))
              .findFirst()
              .orElseThrow();
      Map<String, Long> c = job.udfCounters(op);
      assertThat(c)
          .containsEntry("requests", (long) n + 3)
          .containsEntry("succeeded", (long) n)
          .containsEntry("retries.rate_limited", 3L)
          .containsEntry("retries.connection", 0L)
          .containsEntry("status.429", 3L)
          .containsEntry("status.200", (long) n)
          .containsEntry("endpoint[" + a.uri() + "].requests", (long) n + 3);
      assertThat(c.get("tokens.prompt"))
          .isEqualTo(stats.path("promptTokens").asLong())
          .isPositive();
      assertThat(c.get("tokens.completion") - c.get("tokens.prompt"))
          .as("each reply is 'echo: ' + prompt")
          .isEqualTo(n);
      assertThat(
              c.entrySet().stream()
                  .filter(e -> e.getKey().startsWith("latency_ms.lt_"))
                  .mapToLong(Map.Entry::getValue)
                  .sum())
          .isEqualTo(n);
      assertThat(job.toTable()).contains(op + ":").contains("retries.rate_limited=3");
    }
  }

  @Test
  void theGlobalRequestRateStaysUnderTheLimit() throws Exception {
    int n = 160;
    double rps = 40;
    try (FixtureProcess a = FixtureProcess.start();
        FixtureProcess b = FixtureProcess.start();
        FixtureProcess c = FixtureProcess.start();
        Sluice s = Sluice.local(Corpus.opts().build())) {
      List<Row> out =
          s.fromItems(Corpus.rows(Corpus.texts(n)))
              .mapBatches(
                  chat(a.uri(), b.uri(), c.uri()).maxConcurrentRequests(16).requestsPerSecond(rps),
                  // Two actors: the limit is the stage's, and the second batch is queued while the
                  // first
                  // finishes, so the rate does not dip between batches.
                  Compute.actors(2).cpus(0).batchSize(40))
              .takeAll();
      expectEchoes(out, n);
      List<Long> arrivals = new ArrayList<>();
      for (FixtureProcess f : List.of(a, b, c)) {
        f.stats().path("arrivals").forEach(t -> arrivals.add(t.asLong()));
        assertThat(f.requests()).isPositive();
      }
      arrivals.sort(null);
      assertThat(arrivals).hasSize(n);
      // Sends are spaced exactly 1/rps apart; arrivals at the servers jitter by scheduling and new
      // connections on a loaded machine, so the window check allows a few requests of bunching.
      int maxIn1s = maxInWindow(arrivals, 1000);
      int maxIn2s = maxInWindow(arrivals, 2000);
      double overall = (n - 1) * 1000.0 / (arrivals.get(n - 1) - arrivals.get(0));
      System.out.printf(
          "rate limit %.0f/s: mean %.1f/s, max %d in 1 s, max %d in 2 s%n",
          rps, overall, maxIn1s, maxIn2s);
      assertThat(maxIn2s)
          .as("requests in any 2 s window")
          .isLessThanOrEqualTo((int) (2 * rps * 1.1));
      // The upper bounds are what the limit promises. The lower one only shows the stage runs near
      // the limit: a busy machine (load 20 on 2 cores measured 23-34/s, before and after the shared
      // window) delays timer wake-ups and sends, never the other way.
      assertThat(overall).as("mean rate").isBetween(0.5 * rps, 1.05 * rps);
    }
  }

  @Test
  void aRowTheServerRejectsGoesToTheDeadLettersWithItsMessage() throws Exception {
    int n = 200;
    List<String> texts = new ArrayList<>(Corpus.texts(n));
    texts.set(17, "POISON " + texts.get(17));
    texts.set(123, texts.get(123) + " POISON");
    Path out = dir.resolve("out");
    Path dead = dir.resolve("dead");
    try (FixtureProcess a = FixtureProcess.start("--reject-marker", "POISON");
        Sluice s =
            Sluice.local(
                Corpus.opts()
                    .errorPolicy(ErrorPolicy.skip(10, 0).withDeadLetterPath(dead.toString()))
                    .build())) {
      WriteResult written =
          s.fromItems(Corpus.rows(texts))
              .mapBatches(chat(a.uri()), Compute.actors(1).cpus(0).batchSize(64))
              .writeParquet(out.toString());
      assertThat(written.stats().skippedRows()).isEqualTo(2);
      List<Row> kept = s.readParquet(out.toString()).takeAll();
      assertThat(kept)
          .hasSize(n - 2)
          .extracting(r -> r.getLong("id"))
          .doesNotContain(17L, 123L)
          .doesNotHaveDuplicates();
      assertThat(kept)
          .allMatch(r -> r.getString("reply").equals("echo: Say: " + r.getString("text")));
      List<Row> letters = s.readParquet(dead.toString()).takeAll();
      assertThat(letters).hasSize(2);
      assertThat(letters)
          .allSatisfy(
              l -> {
                assertThat(l.getString("error_message"))
                    .contains("HTTP 400")
                    .contains(
                        "This input contains the forbidden marker POISON and cannot be processed");
                assertThat(l.getString("row")).contains("POISON");
              });
      assertThat(a.requests())
          .as("every row reached the server exactly once, retries and isolation included")
          .isEqualTo(n);
    }
  }

  @Test
  void everyEndpointDownFailsTheJobNamingThem() throws Exception {
    URI[] down = {
      URI.create("http://127.0.0.1:" + freePort() + "/v1"),
      URI.create("http://127.0.0.1:" + freePort() + "/v1")
    };
    try (Sluice s = Sluice.local(Corpus.opts().maxTaskRetries(1).build())) {
      RemoteSpec spec =
          chat(down)
              .maxRetries(3)
              .backoff(Duration.ofMillis(10), Duration.ofMillis(40))
              .ejectFor(Duration.ofSeconds(5));
      long start = System.nanoTime();
      assertThatThrownBy(
              () ->
                  s.fromItems(Corpus.rows(Corpus.texts(20)))
                      .mapBatches(spec, Compute.actors(1).cpus(0).batchSize(20))
                      .takeAll())
          .hasMessageContaining("remote endpoints unavailable")
          .hasMessageContaining(down[0].toString())
          .hasMessageContaining(down[1].toString())
          .hasMessageContaining("Connect");
      assertThat((System.nanoTime() - start) / 1e9).as("seconds to fail").isLessThan(20);
    }
  }

  @Test
  void everyEndpointDownUnderSkipFailsFastInsteadOfIsolatingRowByRow() throws Exception {
    URI down = URI.create("http://127.0.0.1:" + freePort() + "/v1");
    try (Sluice s = Sluice.local(Corpus.opts().errorPolicy(ErrorPolicy.skip(5, 0)).build())) {
      RemoteSpec spec =
          chat(down)
              .maxRetries(3)
              .backoff(Duration.ofMillis(10), Duration.ofMillis(40))
              .ejectFor(Duration.ofSeconds(30));
      long start = System.nanoTime();
      assertThatThrownBy(
              () ->
                  s.fromItems(Corpus.rows(Corpus.texts(64)))
                      .mapBatches(spec, Compute.actors(1).cpus(0).batchSize(64))
                      .takeAll())
          .hasMessageContaining("over the error budget")
          .hasMessageContaining(down.toString())
          .hasMessageContaining("no request sent, the endpoints failed");
      assertThat((System.nanoTime() - start) / 1e9).as("seconds to fail").isLessThan(20);
    }
  }

  @Test
  void aWrongApiKeyFailsWithoutTheKeyInTheMessage() throws Exception {
    Path keyFile = dir.resolve("key");
    String wrongKey = "sk-wrong-0123456789abcdef";
    Files.writeString(keyFile, wrongKey + "\n");
    try (FixtureProcess a = FixtureProcess.start("--api-key", "sk-right");
        Sluice s = Sluice.local(Corpus.opts().maxTaskRetries(0).build())) {
      RemoteSpec spec = chat(a.uri()).apiKey(ApiKey.fromFile(keyFile));
      assertThat(spec.toString()).doesNotContain(wrongKey).contains("file:");
      assertThatThrownBy(
              () ->
                  s.fromItems(Corpus.rows(Corpus.texts(3)))
                      .mapBatches(spec, Compute.actors(1).cpus(0).batchSize(3))
                      .takeAll())
          .hasMessageContaining("HTTP 401")
          .hasMessageContaining("invalid api key: Bearer ***")
          .satisfies(
              e -> {
                for (Throwable t = e; t != null; t = t.getCause()) {
                  assertThat(String.valueOf(t.getMessage())).doesNotContain(wrongKey);
                }
              });
    }
  }

  private static int maxInWindow(List<Long> sortedMillis, long windowMillis) {
    int max = 0;
    for (int i = 0, j = 0; i < sortedMillis.size(); i++) {
      while (sortedMillis.get(i) - sortedMillis.get(j) >= windowMillis) {
        j++;
      }
      max = Math.max(max, i - j + 1);
    }
    return max;
  }

  private static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
