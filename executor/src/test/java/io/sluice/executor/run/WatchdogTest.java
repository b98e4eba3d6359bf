package io.sluice.executor.run;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.api.SluiceException;
import io.sluice.executor.op.BlockingReason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The hang detector on a fake clock: a job whose model stopped answering is reported, with why each
 * operator waits, once per report interval, then failed at the no-progress timeout with the same
 * dump.
 */
class WatchdogTest {

  private static final long SECOND = 1_000_000_000L;

  private final FakeOperator source = new FakeOperator("Read", 1, 0);
  private final FakeOperator model = new FakeOperator("Model", 1, 1);
  private final FakeOperator sink = new FakeOperator("Write", 1, 1);
  private final FakeJob job = new FakeJob(source, model, sink);
  private final List<String> logged = new ArrayList<>();
  private long now;

  private Watchdog watchdog(Duration timeout) {
    return new Watchdog(
        "job-1",
        job.plan,
        timeout,
        job,
        i -> job.plan.get(i).blocked().reason(),
        () -> now,
        logged::add);
  }

  @AfterEach
  void close() {
    job.close();
  }

  /** The loop calls check on every idle turn (every few ms); here every 100 ms of fake time. */
  private SluiceException idleFor(Watchdog w, long nanos, int running) {
    long end = now + nanos;
    while (now < end) {
      now += SECOND / 10;
      SluiceException e = w.check(running);
      if (e != null) {
        return e;
      }
    }
    return null;
  }

  @Test
  void aStalledModelIsReportedEveryIntervalThenFailsWithTheDump() {
    source.reason = BlockingReason.WAITING_FOR_OUTPUT_SPACE;
    model.reason = BlockingReason.WAITING_FOR_ACTOR;
    model.running = 1;
    sink.reason = BlockingReason.WAITING_FOR_INPUT;
    Watchdog w = watchdog(Duration.ofSeconds(30));

    assertThat(idleFor(w, 29 * SECOND, 1)).isNull();

    assertThat(logged).as("a report every 3 s (a tenth of the timeout) while stuck").hasSize(9);
    assertThat(logged.get(0))
        .contains("job-1 has made no progress for 3 s")
        .contains("1 tasks running")
        .contains("fails after 30 s");
    assertThat(logged.get(8)).contains("no progress for 27 s");
    assertThat(logged)
        .allSatisfy(
            line ->
                assertThat(line)
                    .containsPattern("Read +WAITING_FOR_OUTPUT_SPACE")
                    .containsPattern("Model +WAITING_FOR_ACTOR +running=1")
                    .containsPattern("Write +WAITING_FOR_INPUT"));

    SluiceException e = idleFor(w, 2 * SECOND, 1);
    assertThat(e).isNotNull();
    assertThat(e.getMessage())
        .contains("made no progress for 30 s (noProgressTimeout)")
        .containsPattern("Model +WAITING_FOR_ACTOR +running=1");
  }

  @Test
  void progressRestartsTheClockAndTheReports() {
    model.running = 1;
    Watchdog w = watchdog(Duration.ofSeconds(10));
    assertThat(idleFor(w, 2500_000_000L, 1)).isNull();
    assertThat(logged).hasSize(2);

    w.progressed();
    assertThat(idleFor(w, 9 * SECOND, 1)).as("9 s since the last progress").isNull();
    assertThat(logged).hasSize(2 + 9);
    assertThat(logged.get(2)).contains("no progress for 1 s");
  }

  @Test
  void waitingOnlyForTheCallersConsumerIsNeitherReportedNorFailed() {
    source.reason = BlockingReason.WAITING_FOR_OUTPUT_SPACE;
    model.reason = BlockingReason.WAITING_FOR_INPUT;
    sink.reason = BlockingReason.WAITING_FOR_OUTPUT_SPACE;
    Watchdog w = watchdog(Duration.ofSeconds(5));
    assertThat(idleFor(w, 60 * SECOND, 0)).isNull();
    assertThat(logged).isEmpty();
  }

  @Test
  void theReportIntervalIsATenthOfTheTimeoutBetweenOneSecondAndOneMinute() {
    assertThat(Watchdog.reportInterval(Duration.ofSeconds(2))).isEqualTo(Duration.ofSeconds(1));
    assertThat(Watchdog.reportInterval(Duration.ofSeconds(30))).isEqualTo(Duration.ofSeconds(3));
    assertThat(Watchdog.reportInterval(Duration.ofMinutes(10))).isEqualTo(Duration.ofMinutes(1));
    assertThat(Watchdog.reportInterval(Duration.ofHours(2))).isEqualTo(Duration.ofMinutes(1));
  }
}
