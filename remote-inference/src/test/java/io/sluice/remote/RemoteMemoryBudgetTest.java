package io.sluice.remote;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.api.udf.BatchUdf;
import io.sluice.api.udf.UdfContext;
import io.sluice.remote.fixture.FixtureProcess;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VarCharVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.Test;

/**
 * While a batch's requests are out at a real (slow) server, their bodies count against the batch's
 * Arrow allocator, the figure the executor's memory budget reads, and nothing is left counted
 * after.
 */
class RemoteMemoryBudgetTest {

  @Test
  void inFlightRequestAndResponseBytesCountAgainstTheBatchsAllocator() throws Exception {
    List<String> texts = Corpus.texts(12);
    try (FixtureProcess server = FixtureProcess.start("--latency-ms", "600");
        BufferAllocator root = new RootAllocator();
        BufferAllocator inputs = root.newChildAllocator("inputs", 0, Long.MAX_VALUE);
        BufferAllocator batch = root.newChildAllocator("batch", 0, Long.MAX_VALUE);
        VectorSchemaRoot input =
            VectorSchemaRoot.of(
                new BigIntVector("id", inputs), new VarCharVector("text", inputs))) {
      input.allocateNew();
      long promptBytes = 0;
      for (int i = 0; i < texts.size(); i++) {
        ((BigIntVector) input.getVector("id")).setSafe(i, i);
        byte[] t = texts.get(i).getBytes(StandardCharsets.UTF_8);
        ((VarCharVector) input.getVector("text")).setSafe(i, t);
        promptBytes += t.length;
      }
      input.setRowCount(texts.size());
      RemoteSpec spec =
          Remote.openAiCompatible(server.uri())
              .model("base")
              .chat("Say: {text}", "reply")
              .maxConcurrentRequests(16);
      try (BatchUdf udf = spec.create(UdfContext.cpu("remote-test", 0, 1))) {
        CompletableFuture<VectorSchemaRoot> out =
            CompletableFuture.supplyAsync(
                () -> {
                  try {
                    return udf.apply(input, batch);
                  } catch (Exception e) {
                    throw new IllegalStateException(e);
                  }
                });
        long seen = 0;
        while (!out.isDone()) {
          seen = Math.max(seen, batch.getAllocatedMemory());
          Thread.sleep(5);
        }
        assertThat(seen)
            .as("counted while the server sleeps 600 ms, before any output exists")
            .isGreaterThan(promptBytes);
        long reserved = ((RemoteUdf) udf).lastReserved();
        assertThat(reserved)
            .as("request bodies (prompts inside JSON) and the answers echoing them")
            .isGreaterThan(3 * promptBytes);
        try (VectorSchemaRoot result = out.get(30, TimeUnit.SECONDS)) {
          assertThat(result.getRowCount()).isEqualTo(texts.size());
        }
        assertThat(batch.getAllocatedMemory()).as("nothing left counted").isZero();
      }
    }
  }
}
