package io.sluice.executor;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.api.Compute;
import io.sluice.api.ExecutionOptions;
import io.sluice.api.JobStats;
import io.sluice.api.Row;
import io.sluice.api.Sluice;
import io.sluice.api.udf.BatchUdf;
import io.sluice.api.udf.UdfContext;
import io.sluice.api.udf.UdfFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.apache.arrow.vector.BigIntVector;
import org.junit.jupiter.api.Test;

/** A dead actor's in-flight batch runs again, once, on the actor that replaces it. */
class ActorRestartTest {

  /** Kills its actor's thread, as a native crash surfacing as an Error would. */
  static final class ActorCrash extends Error {
    ActorCrash(String message) {
      super(message);
    }
  }

  /** One UDF call: which actor ran it and the first id of its batch. */
  record Call(int worker, long firstId) {}

  /** Passes batches through; actor 0 dies on the batch that starts at {@code deadlyId}. */
  static final class DiesOnce implements UdfFactory {
    final List<Call> calls = new CopyOnWriteArrayList<>();
    final long deadlyId;

    DiesOnce(long deadlyId) {
      this.deadlyId = deadlyId;
    }

    @Override
    public String name() {
      return "Model";
    }

    @Override
    public BatchUdf create(UdfContext context) {
      return (batch, allocator) -> {
        long first = ((BigIntVector) batch.getVector("id")).get(0);
        calls.add(new Call(context.workerIndex(), first));
        if (context.workerIndex() == 0 && first == deadlyId) {
          throw new ActorCrash("segfault in the model runtime");
        }
        return batch;
      };
    }
  }

  @Test
  void aDeadActorsBatchIsRerunExactlyOnceOnAFreshActor() {
    DiesOnce model = new DiesOnce(300);
    ExecutionOptions o = ExecutionOptions.builder().cpuSlots(2).progress(false).maxTaskRetries(3)
        .maxActorRestarts(2).retryBackoff(Duration.ofMillis(1)).build();
    try (Sluice s = Sluice.local(o)) {
      var taken = s.range(1000).mapBatches(model, Compute.actors(1).batchSize(100)).takeAllWithStats();
      List<Row> rows = taken.value();

      assertThat(rows.stream().map(r -> r.getLong("id")).toList())
          .isEqualTo(LongStream.range(0, 1000).boxed().toList());
      Map<Long, List<Call>> byBatch = model.calls.stream().collect(Collectors.groupingBy(Call::firstId));
      assertThat(byBatch).hasSize(10);
      assertThat(byBatch.get(300L)).containsExactly(new Call(0, 300), new Call(1, 300));
      assertThat(byBatch.entrySet()).filteredOn(e -> e.getKey() != 300L)
          .allSatisfy(e -> assertThat(e.getValue()).hasSize(1));
      assertThat(model.calls.stream().filter(c -> c.firstId() > 300).map(Call::worker))
          .as("the batches after the crash ran on the replacement").containsOnly(1);
      JobStats stats = taken.stats();
      assertThat(stats.actorRestarts()).isEqualTo(1);
      assertThat(stats.retries()).isEqualTo(1);
    }
  }

}
