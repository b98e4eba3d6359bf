package io.sluice.executor;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.api.Compute;
import io.sluice.api.ExecutionOptions;
import io.sluice.api.JobResult;
import io.sluice.api.JobStats;
import io.sluice.api.Sluice;
import io.sluice.api.udf.BatchUdf;
import io.sluice.api.udf.UdfContext;
import io.sluice.api.udf.UdfFactory;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.Test;

/**
 * The live snapshots a running job publishes for dashboards: read from another thread while it
 * runs.
 */
class LiveStatsTest {

  @Test
  void aRunningJobShowsItsOperatorsAndActorsToOtherThreads() throws Exception {
    CountingFactory.reset();
    try (Sluice s = Sluice.local(ExecutionOptions.builder().progress(false).build())) {
      assertThat(s.backend().runningJobStats()).isEmpty();
      CompletableFuture<Long> count =
          CompletableFuture.supplyAsync(
              () ->
                  s.range(400)
                      .mapBatches(new CountingFactory(300), Compute.actors(2).batchSize(100))
                      .count());
      JobStats busy = null;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (busy == null && System.nanoTime() < deadline && !count.isDone()) {
        for (JobStats live : s.backend().runningJobStats()) {
          boolean actorsBusy =
              live.operatorStates().stream()
                  .anyMatch(
                      o ->
                          o.actors().size() == 2
                              && o.actors().stream().allMatch(a -> a.state().equals("busy")));
          busy = actorsBusy ? live : null;
        }
        Thread.sleep(20);
      }
      assertThat(busy).as("a snapshot with both actors busy").isNotNull();
      assertThat(busy.jobId()).isNotBlank();
      List<String> names = busy.operators().stream().map(JobStats.OperatorStats::name).toList();
      assertThat(busy.operatorStates()).extracting(JobStats.OperatorState::name).isEqualTo(names);
      JobStats.OperatorState pool =
          busy.operatorStates().stream()
              .filter(o -> !o.actors().isEmpty())
              .findFirst()
              .orElseThrow();
      assertThat(pool.name()).isEqualTo("Counting");
      assertThat(pool.runningTasks()).isEqualTo(2);
      assertThat(pool.actors()).extracting(JobStats.ActorState::device).containsOnly("cpu");
      assertThat(pool.actors()).extracting(JobStats.ActorState::index).containsExactly(0, 1);
      assertThat(busy.operatorStates())
          .allSatisfy(
              o ->
                  assertThat(o.blocked())
                      .isIn(
                          "not_blocked",
                          "waiting_for_input",
                          "waiting_for_output_space",
                          "waiting_for_memory",
                          "waiting_for_actor",
                          "waiting_for_slot",
                          "done"));
      assertThat(count.get(60, TimeUnit.SECONDS)).isEqualTo(400);
      assertThat(s.backend().runningJobStats()).isEmpty();
    }
  }

  @Test
  void udfCountersReachTheLiveSnapshotsWhileTheJobRuns() throws Exception {
    try (Sluice s = Sluice.local(ExecutionOptions.builder().progress(false).build())) {
      CompletableFuture<JobResult<Long>> count =
          CompletableFuture.supplyAsync(
              () ->
                  s.range(400)
                      .mapBatches(new BatchCounting(), Compute.actors(1).batchSize(100))
                      .countWithStats());
      Long seenLive = null;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (seenLive == null && System.nanoTime() < deadline) {
        for (JobStats live : s.backend().runningJobStats()) { // only running jobs are listed
          seenLive = live.udfCounters("BatchCounting").get("seen.batches");
        }
        Thread.sleep(10);
      }
      assertThat(seenLive)
          .as("a live snapshot with the UDF's counter, before the job ended")
          .isNotNull()
          .isBetween(1L, 3L);
      JobStats end = count.get(60, TimeUnit.SECONDS).stats();
      assertThat(end.udfCounters("BatchCounting")).containsEntry("seen.batches", 4L);
    }
  }

  /**
   * Counts its batches as a UDF counter; each batch takes 150 ms so the job lasts long enough to be
   * seen.
   */
  private static final class BatchCounting implements UdfFactory {
    @Override
    public String name() {
      return "BatchCounting";
    }

    @Override
    public BatchUdf create(UdfContext context) {
      return new BatchUdf() {
        private long batches;

        @Override
        public VectorSchemaRoot apply(VectorSchemaRoot input, BufferAllocator allocator)
            throws Exception {
          Thread.sleep(150);
          batches++;
          return input;
        }

        @Override
        public Map<String, Long> counters() {
          return Map.of("seen.batches", batches);
        }
      };
    }
  }
}
