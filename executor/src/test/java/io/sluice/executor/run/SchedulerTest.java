package io.sluice.executor.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.executor.op.BlockingReason;
import io.sluice.executor.op.MetricsSnapshot;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The scheduler over fake operators and a fake job: the liveness rule fires when, and only when,
 * nothing runs and memory alone holds the ready operators; the reasons it gives for holding a ready
 * operator; and its queries start nothing.
 */
class SchedulerTest {

  private static final BackpressurePolicy REFUSE_ALL = (op, job) -> false;
  private static final BackpressurePolicy ALLOW_ALL = (op, job) -> true;

  private final FakeOperator source = new FakeOperator("source", 1, 0);
  private final FakeOperator map = new FakeOperator("map", 1, 1);
  private final FakeOperator sink = new FakeOperator("sink", 0, 1);
  private final FakeJob job = new FakeJob(source, map, sink);

  {
    sink.reason = BlockingReason.WAITING_FOR_INPUT;
  }

  @AfterEach
  void releaseTheLease() {
    job.close();
  }

  @Test
  void livenessRunsTheMostDownstreamHeldOperatorWhenNothingRuns() {
    Scheduler s = job.scheduler(4, REFUSE_ALL);

    assertThat(s.schedule()).isTrue();
    assertThat(map.tasksStarted).as("the consumer, not the source").isEqualTo(1);
    assertThat(source.tasksStarted).isZero();
    assertThat(s.livenessRuns()).isEqualTo(1);

    assertThat(s.schedule()).as("a task runs now: memory holds everyone").isFalse();
    assertThat(map.tasksStarted).isEqualTo(1);
    assertThat(s.livenessRuns()).isEqualTo(1);
    assertThat(s.whyBlocked(0)).isEqualTo(BlockingReason.WAITING_FOR_MEMORY);
    assertThat(s.whyBlocked(1)).isEqualTo(BlockingReason.WAITING_FOR_MEMORY);
  }

  @Test
  void livenessPicksTheSourceWhenItIsTheOnlyOneHeld() {
    map.reason = BlockingReason.WAITING_FOR_INPUT;
    Scheduler s = job.scheduler(4, REFUSE_ALL);
    assertThat(s.schedule()).isTrue();
    assertThat(source.tasksStarted).isEqualTo(1);
    assertThat(s.livenessRuns()).isEqualTo(1);
  }

  @Test
  void livenessDoesNotFireWhenOperatorsWaitForInputOrOneIsAllowed() {
    source.reason = BlockingReason.DONE;
    map.reason = BlockingReason.WAITING_FOR_INPUT;
    Scheduler s = job.scheduler(4, REFUSE_ALL);
    assertThat(s.schedule()).isFalse();
    assertThat(s.livenessRuns()).isZero();

    source.reason = BlockingReason.NOT_BLOCKED;
    map.reason = BlockingReason.NOT_BLOCKED;
    BackpressurePolicy onlySource = (op, j) -> op == source;
    Scheduler allowed = job.scheduler(1, onlySource);
    assertThat(allowed.schedule()).isTrue();
    assertThat(source.tasksStarted).as("the allowed one runs").isEqualTo(1);
    assertThat(map.tasksStarted).as("held by memory while something runs").isZero();
    assertThat(allowed.livenessRuns()).isZero();
  }

  @Test
  void livenessWaitsForTheCallerToDrainTheSink() {
    sink.queued = 10; // blocks wait for the caller's thread: its taking them frees memory
    Scheduler s = job.scheduler(4, REFUSE_ALL);
    assertThat(s.schedule()).isFalse();
    assertThat(s.livenessRuns()).isZero();
  }

  @Test
  void slotsHoldReadyOperators() {
    map.running = 1;
    Scheduler s = job.scheduler(1, ALLOW_ALL);
    assertThat(s.schedule()).isFalse();
    assertThat(s.whyBlocked(1)).isEqualTo(BlockingReason.WAITING_FOR_SLOT);
    assertThat(s.whyBlocked(0)).isEqualTo(BlockingReason.WAITING_FOR_SLOT);
    assertThat(s.whyBlocked(2)).as("its own reason").isEqualTo(BlockingReason.WAITING_FOR_INPUT);
  }

  @Test
  void memoryPolicySaysMemoryOrOutputSpace() {
    source.reason = BlockingReason.DONE;
    map.nextInput = 20;
    map.running = 1; // so liveness stays out of it
    job.share = 50;
    job.usedBy.put(map, 40L); // its own share has 10 B left, the job 900 B
    job.used = 100;
    Scheduler s = job.scheduler(2, new MemoryBudgetPolicy());
    s.schedule();
    assertThat(map.tasksStarted).isZero();
    assertThat(s.whyBlocked(1)).isEqualTo(BlockingReason.WAITING_FOR_OUTPUT_SPACE);

    job.share = 1000;
    job.used = 990; // the job has 10 B left
    s.schedule();
    assertThat(s.whyBlocked(1)).isEqualTo(BlockingReason.WAITING_FOR_MEMORY);

    job.used = 100;
    map.metrics =
        new MetricsSnapshot(
            1, 1, 0, 1, 1, 0, 0, 0, 0, 0, 20, 20, 0, 0, 0, 0,
            Map.of()); // ratio measured (1.0), so no probe rule
    s.schedule();
    assertThat(map.tasksStarted).as("room now").isEqualTo(1);
    assertThat(s.whyBlocked(1))
        .as("then both slots are taken")
        .isEqualTo(BlockingReason.WAITING_FOR_SLOT);
  }

  @Test
  void drainRateHoldsForOutputSpace() {
    assertThat(new DrainRateAdmissionPolicy().holdReason(source, job))
        .isEqualTo(BlockingReason.WAITING_FOR_OUTPUT_SPACE);
  }

  @Test
  void queriesOfTheSchedulerStartNothing() {
    Scheduler s = job.scheduler(4, REFUSE_ALL);
    for (int i = 0; i < 1000; i++) {
      for (int op = 0; op < 3; op++) {
        s.whyBlocked(op);
      }
      s.cpuUnitsInUse();
    }
    assertThat(source.tasksStarted + map.tasksStarted + sink.tasksStarted).isZero();
    assertThat(source.mutations + map.mutations + sink.mutations + source.turns + map.turns)
        .isZero();
  }

  @Test
  void aLimitFinishedBeforeItsInputCancelsUpstreamOnce() {
    map.finished = true; // satisfied, while the source still reads
    Scheduler s = job.scheduler(4, ALLOW_ALL);
    assertThat(s.route()).isTrue();
    assertThat(source.mutations).as("cancelled").isEqualTo(1);
    s.route();
    assertThat(source.mutations).as("only once").isEqualTo(1);
  }

  @Test
  void advanceCallsEachHookOncePerTurn() {
    Scheduler s = job.scheduler(4, ALLOW_ALL);
    s.advance();
    s.advance();
    assertThat(source.turns).isEqualTo(2);
    assertThat(map.turns).isEqualTo(2);
  }

  @Test
  void watchdogDumpSaysWhyBlockedAndStopsOnlyAfterTheTimeout() {
    long[] now = {0};
    Scheduler s = job.scheduler(4, REFUSE_ALL);
    map.running = 1; // a task runs, memory holds the rest
    s.schedule();
    Watchdog w =
        new Watchdog("test", job.plan, Duration.ofSeconds(10), job, s::whyBlocked, () -> now[0]);
    now[0] = Duration.ofSeconds(9).toNanos();
    assertThat(w.check(1)).isNull();
    now[0] = Duration.ofSeconds(11).toNanos();
    var stuck = w.check(1);
    assertThat(stuck).isNotNull();
    assertThat(stuck.getMessage())
        .contains("why blocked")
        .contains("source")
        .contains("WAITING_FOR_MEMORY");
    w.progressed();
    assertThat(w.check(1)).isNull();
    assertThat(source.mutations + map.mutations).as("the watchdog only reads").isZero();
  }
}
