package io.sluice.remote;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.api.Compute;
import io.sluice.api.JobStats;
import io.sluice.api.JobStats.OperatorStats;
import io.sluice.api.Row;
import io.sluice.api.Sluice;
import io.sluice.operators.vector.PoolingMath;
import io.sluice.remote.fixture.FixtureProcess;
import io.sluice.remote.fixture.MiniLmEmbedder;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * Three fixture servers as data-parallel ranks serving the real MiniLM: the stage's vectors equal
 * the local ONNX path's, in row order, and every rank takes a fair share of the requests.
 */
class RemoteEmbeddingsTest {

  @Test
  void threeRanksGiveTheLocalOnnxEmbeddingsAndShareTheLoad() throws Exception {
    List<String> texts = Corpus.texts(240);
    try (FixtureProcess a = FixtureProcess.start("--latency-ms", "5");
        FixtureProcess b = FixtureProcess.start("--latency-ms", "5");
        FixtureProcess c = FixtureProcess.start("--latency-ms", "5");
        Sluice s = Sluice.local(Corpus.opts().build())) {
      RemoteSpec spec =
          Remote.openAiCompatible(a.uri(), b.uri(), c.uri())
              .model("all-MiniLM-L6-v2")
              .maxConcurrentRequests(4)
              .embeddings("text", "embedding")
              .dimensions(384);
      var taken =
          s.fromItems(Corpus.rows(texts))
              .mapBatches(spec, Compute.actors(1).cpus(0).batchSize(80))
              .takeAllWithStats();
      List<Row> out = taken.value();

      assertThat(out)
          .extracting(r -> r.getLong("id"))
          .containsExactlyElementsOf(LongStream.range(0, texts.size()).boxed().toList());
      List<float[]> local;
      try (MiniLmEmbedder reference = new MiniLmEmbedder()) {
        local = reference.embed(texts);
      }
      for (int i = 0; i < texts.size(); i++) {
        assertThat(out.get(i).getString("text")).isEqualTo(texts.get(i));
        assertThat(PoolingMath.cosine(out.get(i).getFloats("embedding"), local.get(i)))
            .as("row %d", i)
            .isGreaterThanOrEqualTo(0.9999);
      }
      List<Long> served = List.of(a.requests(), b.requests(), c.requests());
      assertThat(served.stream().mapToLong(Long::longValue).sum()).isEqualTo(texts.size());
      assertThat(served).allSatisfy(n -> assertThat(n).isGreaterThan(texts.size() / 6));
      // The job's stats count the same requests per endpoint as the servers did.
      JobStats job = taken.stats();
      String op =
          job.operators().stream()
              .map(OperatorStats::name)
              .filter(name -> name.contains("Remote("))
              .findFirst()
              .orElseThrow();
      List<FixtureProcess> ranks = List.of(a, b, c);
      for (int i = 0; i < 3; i++) {
        assertThat(job.udfCounters(op))
            .containsEntry("endpoint[" + ranks.get(i).uri() + "].requests", served.get(i));
      }
    }
  }

  @Test
  void severalTextsPerRequestGiveTheSameVectors() throws Exception {
    List<String> texts = Corpus.texts(40);
    try (FixtureProcess a = FixtureProcess.start();
        Sluice s = Sluice.local(Corpus.opts().build())) {
      RemoteSpec spec =
          Remote.openAiCompatible(a.uri()).embeddings("text", "embedding").inputsPerRequest(8);
      List<Row> out =
          s.fromItems(Corpus.rows(texts))
              .mapBatches(spec, Compute.actors(1).cpus(0).batchSize(20))
              .takeAll();
      List<float[]> local;
      try (MiniLmEmbedder reference = new MiniLmEmbedder()) {
        local = reference.embed(texts);
      }
      for (int i = 0; i < texts.size(); i++) {
        assertThat(PoolingMath.cosine(out.get(i).getFloats("embedding"), local.get(i)))
            .isGreaterThanOrEqualTo(0.9999);
      }
      assertThat(a.requests()).as("two batches of 20 rows, 8 + 8 + 4 texts each").isEqualTo(6);
    }
  }
}
