package io.sluice.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
 * {@code /v1/completions} against two real server processes (the fixture answers {@code "echo: " +
 * prompt}).
 */
class RemoteCompletionsTest {

  @Test
  void promptsFromColumnsBecomeTheFirstChoicesTextInOrder() throws Exception {
    int n = 80;
    try (FixtureProcess a = FixtureProcess.start("--latency-ms", "10");
        FixtureProcess b = FixtureProcess.start("--latency-ms", "10");
        Sluice s = Sluice.local(Corpus.opts().build())) {
      RemoteSpec spec =
          Remote.openAiCompatible(a.uri(), b.uri())
              .model("base")
              .completions("Q: {text}\nA:", "answer")
              .temperature(0)
              .maxTokens(32)
              .maxConcurrentRequests(4);
      var taken =
          s.fromItems(Corpus.rows(Corpus.texts(n)))
              .mapBatches(spec, Compute.actors(2).cpus(0).batchSize(16))
              .takeAllWithStats();
      List<Row> out = taken.value();
      assertThat(out)
          .extracting(r -> r.getLong("id"))
          .containsExactlyElementsOf(LongStream.range(0, n).boxed().toList());
      for (Row r : out) {
        assertThat(r.getString("answer")).isEqualTo("echo: Q: " + r.getString("text") + "\nA:");
      }
      assertThat(a.requests() + b.requests()).isEqualTo(n);
      assertThat(a.requests()).isPositive();
      assertThat(b.requests()).isPositive();
      JobStats job = taken.stats();
      String op =
          job.operators().stream()
              .map(JobStats.OperatorStats::name)
              .filter(x -> x.startsWith("Remote(completions"))
              .findFirst()
              .orElseThrow();
      Map<String, Long> c = job.udfCounters(op);
      assertThat(c.get("tokens.prompt"))
          .isEqualTo(
              a.stats().path("promptTokens").asLong() + b.stats().path("promptTokens").asLong());
      assertThat(c).containsEntry("succeeded", (long) n);
    }
  }

  @Test
  void samplingOptionsNeedATextOperation() {
    RemoteSpec spec = Remote.openAiCompatible(URI.create("http://127.0.0.1:1/v1"));
    assertThatThrownBy(() -> spec.embeddings("text", "e").temperature(0))
        .hasMessageContaining("temperature(...) needs chat(...) or completions(...) first");
    assertThatThrownBy(() -> spec.completions("{text}", "out").systemPrompt("be brief"))
        .hasMessageContaining("systemPrompt(...) needs chat(...) first");
  }
}
