package io.sluice.executor;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.api.Compute;
import io.sluice.api.ExecutionOptions;
import io.sluice.api.JobStats;
import io.sluice.api.Sluice;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The live snapshots a running job publishes for dashboards: read from another thread while it runs. */
class LiveStatsTest {

  @Test
  void aRunningJobShowsItsOperatorsAndActorsToOtherThreads() throws Exception {
    CountingFactory.reset();
    try (Sluice s = Sluice.local(ExecutionOptions.builder().progress(false).build())) {
      assertThat(s.backend().runningJobStats()).isEmpty();
      CompletableFuture<Long> count = CompletableFuture.supplyAsync(() ->
          s.range(400).mapBatches(new CountingFactory(300), Compute.actors(2).batchSize(100)).count());
      JobStats busy = null;
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (busy == null && System.nanoTime() < deadline && !count.isDone()) {
        for (JobStats live : s.backend().runningJobStats()) {
          boolean actorsBusy = live.operatorStates().stream().anyMatch(o -> o.actors().size() == 2
              && o.actors().stream().allMatch(a -> a.state().equals("busy")));
          busy = actorsBusy ? live : null;
        }
        Thread.sleep(20);
      }
      assertThat(busy).as("a snapshot with both actors busy").isNotNull();
      assertThat(busy.jobId()).isNotBlank();
      List<String> names = busy.operators().stream().map(JobStats.OperatorStats::name).toList();
      assertThat(busy.operatorStates()).extracting(JobStats.OperatorState::name).isEqualTo(names);
      JobStats.OperatorState pool = busy.operatorStates().stream().filter(o -> !o.actors().isEmpty()).findFirst()
          .orElseThrow();
      assertThat(pool.name()).isEqualTo("Counting");
      assertThat(pool.runningTasks()).isEqualTo(2);
      assertThat(pool.actors()).extracting(JobStats.ActorState::device).containsOnly("cpu");
      assertThat(pool.actors()).extracting(JobStats.ActorState::index).containsExactly(0, 1);
      assertThat(busy.operatorStates()).allSatisfy(o -> assertThat(o.blocked()).isIn("not_blocked",
          "waiting_for_input", "waiting_for_output_space", "waiting_for_memory", "waiting_for_actor",
          "waiting_for_slot", "done"));
      assertThat(count.get(60, TimeUnit.SECONDS)).isEqualTo(400);
      assertThat(s.backend().runningJobStats()).isEmpty();
    }
  }
}
