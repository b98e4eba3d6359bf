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
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.apache.arrow.vector.BigIntVector;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;

/**
 * A dead actor's in-flight batch runs again, once, on the actor that replaces it; while the
 * replacement starts, the pool's other actors keep working.
 */
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
    ExecutionOptions o =
        ExecutionOptions.builder()
            .cpuSlots(2)
            .progress(false)
            .maxTaskRetries(3)
            .maxActorRestarts(2)
            .retryBackoff(Duration.ofMillis(1))
            .build();
    try (Sluice s = Sluice.local(o)) {
      var taken =
          s.range(1000).mapBatches(model, Compute.actors(1).batchSize(100)).takeAllWithStats();
      List<Row> rows = taken.value();

      assertThat(rows.stream().map(r -> r.getLong("id")).toList())
          .isEqualTo(LongStream.range(0, 1000).boxed().toList());
      Map<Long, List<Call>> byBatch =
          model.calls.stream().collect(Collectors.groupingBy(Call::firstId));
      assertThat(byBatch).hasSize(10);
      assertThat(byBatch.get(300L)).containsExactly(new Call(0, 300), new Call(1, 300));
      assertThat(byBatch.entrySet())
          .filteredOn(e -> e.getKey() != 300L)
          .allSatisfy(e -> assertThat(e.getValue()).hasSize(1));
      assertThat(model.calls.stream().filter(c -> c.firstId() > 300).map(Call::worker))
          .as("the batches after the crash ran on the replacement")
          .containsOnly(1);
      JobStats stats = taken.stats();
      assertThat(stats.actorRestarts()).isEqualTo(1);
      assertThat(stats.retries()).isEqualTo(1);
    }
  }

  /**
   * Three actors; actor 0 dies on its second batch. Its replacement's model load (the UDF
   * constructor) does not finish until the two survivors have run {@link #WHILE_RESTARTING} more
   * batches, so a pool that stalled while one actor restarts would never get there (the wait gives
   * up after 20 s and the test fails).
   */
  static final class OneOfThreeDies implements UdfFactory {
    static final int WHILE_RESTARTING = 6;
    final List<Call> calls = new CopyOnWriteArrayList<>();
    final AtomicBoolean crashed = new AtomicBoolean();
    final CountDownLatch survivorsWorked = new CountDownLatch(WHILE_RESTARTING);
    final AtomicInteger created = new AtomicInteger();
    volatile boolean replacementWaitedInVain;

    @Override
    public String name() {
      return "Model";
    }

    @Override
    public BatchUdf create(UdfContext context) throws Exception {
      if (created.incrementAndGet() > 3) { // the replacement: a slow model load
        replacementWaitedInVain = !survivorsWorked.await(20, TimeUnit.SECONDS);
      }
      AtomicInteger mine = new AtomicInteger();
      return (batch, allocator) -> {
        long first = ((BigIntVector) batch.getVector("id")).get(0);
        calls.add(new Call(context.workerIndex(), first));
        if (context.workerIndex() == 0 && mine.incrementAndGet() == 2) {
          crashed.set(true);
          throw new ActorCrash("CUDA error: an illegal memory access was encountered");
        }
        Thread.sleep(10); // keeps the three actors taking turns
        if (crashed.get() && context.workerIndex() != 0) {
          survivorsWorked.countDown();
        }
        return batch;
      };
    }
  }

  @Test
  void theOtherActorsKeepWorkingWhileOneRestarts() {
    OneOfThreeDies model = new OneOfThreeDies();
    ExecutionOptions o =
        ExecutionOptions.builder()
            .cpuSlots(4)
            .progress(false)
            .maxTaskRetries(3)
            .maxActorRestarts(1)
            .retryBackoff(Duration.ofMillis(1))
            .build();
    try (Sluice s = Sluice.local(o)) {
      var result =
          s.range(6000).mapBatches(model, Compute.actors(3).batchSize(100)).takeAllWithStats();
      List<Row> rows = result.value();

      assertThat(rows.stream().map(r -> r.getLong("id")).sorted().toList())
          .isEqualTo(LongStream.range(0, 6000).boxed().toList());
      assertThat(model.replacementWaitedInVain)
          .as("the survivors ran batches while actor 0 restarted")
          .isFalse();
      assertThat(model.created).hasValue(4);
      assertThat(model.calls.stream().map(Call::worker).distinct()).contains(1, 2);
      JobStats stats = result.stats();
      assertThat(stats.actorRestarts()).isEqualTo(1);
    }
  }

  /**
   * A model that cannot load (a corrupt file) fails the job at once, with its reason, and loads
   * once.
   */
  @Test
  void aModelThatCannotStartFailsTheJobAtOnceWithTheReason() {
    AtomicInteger loads = new AtomicInteger();
    UdfFactory broken =
        new UdfFactory() {
          @Override
          public String name() {
            return "Model";
          }

          @Override
          public BatchUdf create(UdfContext context) throws Exception {
            loads.incrementAndGet();
            throw new IOException("model.onnx: not an ONNX protobuf (truncated at byte 17)");
          }
        };
    ExecutionOptions o =
        ExecutionOptions.builder()
            .cpuSlots(2)
            .progress(false)
            .maxTaskRetries(5)
            .maxActorRestarts(5)
            .retryBackoff(Duration.ofMillis(1))
            .build();
    long start = System.nanoTime();
    try (Sluice s = Sluice.local(o)) {
      Assertions.assertThatThrownBy(
              () -> s.range(1000).mapBatches(broken, Compute.actors(1).batchSize(100)).count())
          .hasMessageContaining("could not be started")
          .hasMessageContaining("not an ONNX protobuf");
    }
    assertThat(loads).as("not retried: a broken file stays broken").hasValue(1);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
  }
}
