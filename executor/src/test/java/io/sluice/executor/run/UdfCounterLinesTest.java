package io.sluice.executor.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The stats table shows a UDF's bucket histogram as one line (count, p50, p95), not one counter per
 * bucket.
 */
class UdfCounterLinesTest {

  @Test
  void bucketsBecomeOneLineAndPlainCountersStayOnTheirs() {
    Map<String, Long> counters = new LinkedHashMap<>();
    counters.put("model.batches", 100L);
    counters.put("model.runNanos", 123_000_000L);
    counters.put("model.batch_ms.lt_1", 10L);
    counters.put("model.batch_ms.lt_2", 30L);
    counters.put("model.batch_ms.lt_4", 45L); // the 50th call falls here
    counters.put("model.batch_ms.lt_16", 10L); // and the 95th here
    counters.put("model.batch_ms.lt_inf", 5L);

    assertThat(UdfCounterLines.of("Embed", counters))
        .containsExactly(
            "Embed: model.batches=100 model.runNanos=123000000",
            "Embed model.batch_ms: 100 observations, p50 < 4 ms, p95 < 16 ms");
  }

  @Test
  void aPercentileInTheOpenBucketSaysAtLeastTheLastBound() {
    Map<String, Long> counters = Map.of("latency_ms.lt_8", 1L, "latency_ms.lt_inf", 9L);

    assertThat(UdfCounterLines.of("Remote", counters))
        .containsExactly("Remote latency_ms: 10 observations, p50 >= 8 ms, p95 >= 8 ms");
  }

  @Test
  void countersThatOnlyLookLikeBucketsArePlain() {
    assertThat(UdfCounterLines.of("Op", Map.of("queue.lt_max", 3L)))
        .containsExactly("Op: queue.lt_max=3");
  }
}
