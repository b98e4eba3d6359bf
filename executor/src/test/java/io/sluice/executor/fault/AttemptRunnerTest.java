package io.sluice.executor.fault;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.api.DeterministicException;
import io.sluice.api.ErrorPolicy;
import io.sluice.api.OperatorException;
import io.sluice.api.PlanException;
import io.sluice.api.Row;
import io.sluice.api.udf.BatchUdf;
import io.sluice.operators.fault.DeadLetter;
import io.sluice.operators.fault.ErrorBudget;
import io.sluice.operators.fault.Isolation;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The attempt runner with a recording sleeper (no real waits) and hand-written attempts. */
class AttemptRunnerTest {

  /** Records every wait instead of sleeping. */
  static final class FakeSleeper implements AttemptRunner.Sleeper {
    final List<Long> waits = new ArrayList<>();

    @Override
    public void sleep(long millis) {
      waits.add(millis);
    }
  }

  private final FakeSleeper sleeper = new FakeSleeper();
  private final AtomicInteger discards = new AtomicInteger();

  @AfterEach
  void clearInterrupt() {
    Thread.interrupted();
  }

  private static ErrorBudget failing() {
    return new ErrorBudget(ErrorPolicy.fail(), null);
  }

  private AttemptRunner runner(int retries, ErrorBudget budget) {
    return new AttemptRunner(retries, Duration.ofMillis(10), budget, sleeper);
  }

  private <T> AttemptRunner.Outcome<T> run(
      AttemptRunner r, AttemptRunner.Attempt<T> attempt, AttemptRunner.Skip<T> skip) {
    return r.run(
        "Embed",
        "task 7 (rows 0..99 of split part-3)",
        attempt,
        discards::incrementAndGet,
        skip,
        () -> false);
  }

  @Test
  void retryableErrorsAreRetriedWithDoublingBackoffThenFailNamingTheTask() {
    AtomicInteger calls = new AtomicInteger();
    AttemptRunner.Outcome<String> o =
        run(
            runner(3, failing()),
            attempt -> {
              calls.incrementAndGet();
              throw new IOException("connection reset on attempt " + attempt);
            },
            null);

    assertThat(calls).hasValue(4);
    assertThat(sleeper.waits).containsExactly(10L, 20L, 40L);
    assertThat(discards).hasValue(4);
    assertThat(o.failed()).isTrue();
    assertThat(o.attempts()).isEqualTo(4);
    assertThat(o.retries()).isEqualTo(3);
    assertThat(o.failure())
        .isInstanceOf(OperatorException.class)
        .hasMessageContaining("'Embed'")
        .hasMessageContaining("task 7 (rows 0..99 of split part-3)")
        .hasMessageContaining("after 4 attempts")
        .hasMessageContaining("connection reset on attempt 3")
        .hasCauseInstanceOf(IOException.class);
  }

  @Test
  void aTaskThatRecoversReturnsTheSuccessfulAttemptsValue() {
    AttemptRunner.Outcome<String> o =
        run(
            runner(5, failing()),
            attempt -> {
              if (attempt < 2) {
                throw new IllegalStateException("flaky");
              }
              return "done on " + attempt;
            },
            null);

    assertThat(o.failed()).isFalse();
    assertThat(o.value()).isEqualTo("done on 2");
    assertThat(o.retries()).isEqualTo(2);
    assertThat(sleeper.waits).containsExactly(10L, 20L);
  }

  @Test
  void backoffIsCappedAtFiveSeconds() {
    AttemptRunner r = new AttemptRunner(30, Duration.ofSeconds(1), failing(), sleeper);
    assertThat(r.backoffMillis(0)).isEqualTo(1000);
    assertThat(r.backoffMillis(2)).isEqualTo(4000);
    assertThat(r.backoffMillis(3)).isEqualTo(5000);
    assertThat(r.backoffMillis(29)).isEqualTo(5000);
  }

  @Test
  void planAndSchemaErrorsAreTriedOnceEvenWithRetriesLeft() {
    for (Throwable thrown :
        List.<Throwable>of(
            new PlanException("column 'text' is missing"),
            new DeterministicException("row 3 does not fit schema [id: int64]"),
            new AssertionError("broken"))) {
      AtomicInteger calls = new AtomicInteger();
      AttemptRunner.Outcome<Void> o =
          run(
              runner(5, failing()),
              attempt -> {
                calls.incrementAndGet();
                if (thrown instanceof Error e) {
                  throw e;
                }
                throw (Exception) thrown;
              },
              null);
      assertThat(calls).as(thrown.toString()).hasValue(1);
      assertThat(o.attempts()).isEqualTo(1);
      assertThat(o.failure()).hasMessageContaining(thrown.getMessage());
    }
    assertThat(sleeper.waits).isEmpty();
  }

  @Test
  void planErrorsFailAtOnceEvenWhenTheJobSkipsErrors() {
    AtomicBoolean skipped = new AtomicBoolean();
    AttemptRunner.Outcome<Void> o =
        run(
            runner(5, new ErrorBudget(ErrorPolicy.skip(100, 100), null)),
            attempt -> {
              throw new PlanException("model input 'input_ids' is not a column");
            },
            (attempts, cause, dead) -> {
              skipped.set(true);
              return null;
            });
    assertThat(o.failed()).isTrue();
    assertThat(skipped).isFalse();
    assertThat(sleeper.waits).isEmpty();
  }

  @Test
  void deterministicDataErrorsAreNotRetriedButAreIsolatedUnderSkip() {
    ErrorBudget budget = new ErrorBudget(ErrorPolicy.skip(100, 100), null);
    AtomicInteger calls = new AtomicInteger();
    AttemptRunner.Outcome<String> o =
        run(
            runner(5, budget),
            attempt -> {
              calls.incrementAndGet();
              throw new DeterministicException("value does not fit");
            },
            (attempts, cause, dead) -> {
              dead.add(DeadLetter.ofBlock("Embed", "split part-3", cause, attempts));
              return "skipped";
            });
    assertThat(calls).hasValue(1);
    assertThat(o.value()).isEqualTo("skipped");
    assertThat(budget.skippedBlocks()).isEqualTo(1);
    assertThat(budget.letters())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.errorMessage()).isEqualTo("value does not fit");
              assertThat(d.attempts()).isEqualTo(1);
            });
  }

  @Test
  void anInterruptDuringBackoffEndsTheTaskAndKeepsTheInterrupt() {
    AttemptRunner r =
        new AttemptRunner(
            5,
            Duration.ofMillis(10),
            failing(),
            millis -> {
              throw new InterruptedException("sleep interrupted");
            });
    AtomicInteger calls = new AtomicInteger();
    AttemptRunner.Outcome<Void> o =
        r.run(
            "Read",
            "reading part-0",
            attempt -> {
              calls.incrementAndGet();
              throw new IOException("disk hiccup");
            },
            discards::incrementAndGet,
            null,
            () -> false);

    assertThat(calls).hasValue(1);
    assertThat(o.interrupted()).isTrue();
    assertThat(o.failure()).hasMessageContaining("reading part-0 was interrupted during attempt 1");
    assertThat(Thread.currentThread().isInterrupted()).isTrue();
  }

  @Test
  void anInterruptedAttemptIsNotRetried() {
    AtomicInteger calls = new AtomicInteger();
    AttemptRunner.Outcome<Void> o =
        run(
            runner(5, new ErrorBudget(ErrorPolicy.skip(9, 9), null)),
            attempt -> {
              calls.incrementAndGet();
              throw new InterruptedException();
            },
            (attempts, cause, dead) -> {
              throw new AssertionError("an interrupted task is not skipped");
            });
    assertThat(calls).hasValue(1);
    assertThat(o.interrupted()).isTrue();
    assertThat(sleeper.waits).isEmpty();
    assertThat(Thread.currentThread().isInterrupted()).isTrue();
  }

  @Test
  void aRealBackoffEndsPromptlyWhenTheWorkerIsInterrupted() throws Exception {
    AttemptRunner r =
        new AttemptRunner(3, Duration.ofSeconds(60), failing(), AttemptRunner.Sleeper.REAL);
    CountDownLatch failedOnce = new CountDownLatch(1);
    AtomicReference<AttemptRunner.Outcome<Void>> outcome = new AtomicReference<>();
    AtomicBoolean stillInterrupted = new AtomicBoolean();
    Thread worker =
        new Thread(
            () -> {
              outcome.set(
                  r.run(
                      "Write",
                      "writing task 1",
                      attempt -> {
                        failedOnce.countDown();
                        throw new IOException("full disk");
                      },
                      () -> {},
                      null,
                      () -> false));
              stillInterrupted.set(Thread.currentThread().isInterrupted());
            });
    long start = System.nanoTime();
    worker.start();
    assertThat(failedOnce.await(10, TimeUnit.SECONDS)).isTrue();
    Thread.sleep(50); // let it enter its 60 s backoff
    worker.interrupt();
    worker.join(10_000);

    assertThat(worker.isAlive()).isFalse();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    assertThat(outcome.get().interrupted()).isTrue();
    assertThat(outcome.get().attempts()).isEqualTo(1);
    assertThat(stillInterrupted).isTrue();
  }

  @Test
  void cancelledTasksAreNotRetried() {
    AtomicInteger calls = new AtomicInteger();
    AttemptRunner.Outcome<Void> o =
        runner(5, failing())
            .run(
                "Map",
                "task 1",
                attempt -> {
                  calls.incrementAndGet();
                  throw new IOException("x");
                },
                () -> {},
                null,
                () -> true);
    assertThat(calls).hasValue(1);
    assertThat(o.failed()).isTrue();
    assertThat(sleeper.waits).isEmpty();
  }

  // --- isolation of failing rows under ErrorPolicy.skip

  private static final Schema IDS =
      new Schema(List.of(new Field("id", FieldType.nullable(new ArrowType.Int(64, true)), null)));

  private static VectorSchemaRoot ids(BufferAllocator a, int n) {
    VectorSchemaRoot root = VectorSchemaRoot.create(IDS, a);
    BigIntVector v = (BigIntVector) root.getVector("id");
    v.allocateNew(n);
    for (int i = 0; i < n; i++) {
      v.set(i, i);
    }
    root.setRowCount(n);
    return root;
  }

  /** Fails any batch that holds one of {@code poison}; counts its calls. */
  private static BatchUdf poisonedBy(AtomicInteger calls, long... poison) {
    return (batch, allocator) -> {
      calls.incrementAndGet();
      BigIntVector v = (BigIntVector) batch.getVector("id");
      for (int i = 0; i < batch.getRowCount(); i++) {
        for (long p : poison) {
          if (v.get(i) == p) {
            throw new IllegalArgumentException("tensor shape mismatch for id " + p);
          }
        }
      }
      return batch;
    };
  }

  private static List<Long> idsOf(List<VectorSchemaRoot> outputs) {
    List<Long> out = new ArrayList<>();
    for (VectorSchemaRoot r : outputs) {
      BigIntVector v = (BigIntVector) r.getVector("id");
      for (int i = 0; i < r.getRowCount(); i++) {
        out.add(v.get(i));
      }
    }
    return out;
  }

  @Test
  void skipIsolatesExactlyTheFailingRowsIntoDeadLettersAndCountsThemAgainstTheBudget() {
    ErrorBudget budget = new ErrorBudget(ErrorPolicy.skip(10, 0), "/tmp/dead");
    AtomicInteger calls = new AtomicInteger();
    BatchUdf udf = poisonedBy(calls, 13, 57);
    try (BufferAllocator a = new RootAllocator();
        VectorSchemaRoot batch = ids(a, 100)) {
      List<VectorSchemaRoot> kept = new ArrayList<>();
      AttemptRunner.Outcome<Void> o =
          run(
              runner(2, budget),
              attempt -> {
                udf.apply(batch, a);
                return null;
              },
              (attempts, cause, dead) -> {
                Isolation.Outcome iso = Isolation.run(udf, batch, a, "Embed", "task 7", attempts);
                kept.addAll(iso.outputs());
                dead.addAll(iso.failed());
                return null;
              });
      try {
        assertThat(o.failed()).isFalse();
        assertThat(sleeper.waits).hasSize(2);
        assertThat(idsOf(kept)).hasSize(98).doesNotContain(13L, 57L).isSorted();
        assertThat(o.skipped())
            .extracting(DeadLetter::source)
            .containsExactly("task 7, row 13", "task 7, row 57");
        assertThat(o.skipped())
            .extracting(DeadLetter::row)
            .containsExactly("{\"id\":13}", "{\"id\":57}");
        assertThat(o.skipped())
            .allSatisfy(
                d -> {
                  assertThat(d.attempts()).isEqualTo(3);
                  assertThat(d.operator()).isEqualTo("Embed");
                  assertThat(d.errorMessage()).startsWith("tensor shape mismatch for id");
                });
        assertThat(budget.skippedRows()).isEqualTo(2);
        assertThat(budget.skippedBlocks()).isZero();
      } finally {
        kept.forEach(VectorSchemaRoot::close);
      }
    }
  }

  @Test
  void theRunnersIsolationFailsTheTaskOnceTheBudgetIsExceededAndFreesTheGoodRows() {
    ErrorBudget budget = new ErrorBudget(ErrorPolicy.skip(1, 0), "/tmp/dead-x");
    AttemptRunner r = runner(0, budget);
    try (BufferAllocator a = new RootAllocator();
        VectorSchemaRoot batch = ids(a, 64)) {
      Isolation.Outcome first =
          r.isolate(poisonedBy(new AtomicInteger(), 5), batch, a, "Embed", "batch 0", 1);
      first.outputs().forEach(VectorSchemaRoot::close);
      assertThat(budget.skippedRows()).isEqualTo(1);
      long held = a.getAllocatedMemory();

      Assertions.assertThatThrownBy(
              () -> r.isolate(poisonedBy(new AtomicInteger(), 9), batch, a, "Embed", "batch 1", 1))
          .hasMessageContaining("over the error budget")
          .hasMessageContaining("/tmp/dead-x");
      assertThat(a.getAllocatedMemory()).as("the good rows' outputs are freed").isEqualTo(held);
    }
  }

  @Test
  void aTaskWhoseSkippedRowsPassTheBudgetFailsAndDiscardsItsOutput() {
    ErrorBudget budget = new ErrorBudget(ErrorPolicy.skip(1, 0), "/tmp/dead-y");
    AttemptRunner.Outcome<Void> o =
        run(
            runner(1, budget),
            attempt -> {
              throw new IllegalStateException("bad rows");
            },
            (attempts, cause, dead) -> {
              dead.add(DeadLetter.ofRow("Map", "task 7, row 1", Row.of("id", 1L), cause, attempts));
              dead.add(DeadLetter.ofRow("Map", "task 7, row 2", Row.of("id", 2L), cause, attempts));
              return null;
            });
    assertThat(o.failed()).isTrue();
    assertThat(o.failure())
        .hasMessageContaining("2 rows and 0 blocks failed, over the error budget")
        .hasMessageContaining("/tmp/dead-y");
    assertThat(discards).hasValue(3); // two failed attempts, then the skip's output
  }

  // --- verdicts for actor pools, which re-queue batches themselves

  @Test
  void poolVerdictsRetryTransientFailuresThenIsolateOrFail() {
    AttemptRunner skipping = runner(2, new ErrorBudget(ErrorPolicy.skip(5, 0), null));
    AttemptRunner failingJob = runner(2, failing());
    IOException flaky = new IOException("endpoint reset");

    assertThat(skipping.verdict(flaky, 0)).isEqualTo(AttemptRunner.Verdict.RETRY);
    assertThat(skipping.verdict(flaky, 1)).isEqualTo(AttemptRunner.Verdict.RETRY);
    assertThat(skipping.verdict(flaky, 2)).isEqualTo(AttemptRunner.Verdict.ISOLATE);
    assertThat(failingJob.verdict(flaky, 2)).isEqualTo(AttemptRunner.Verdict.FAIL);
    assertThat(skipping.verdict(new DeterministicException("rejected"), 0))
        .isEqualTo(AttemptRunner.Verdict.ISOLATE);
    assertThat(skipping.verdict(new PlanException("bad model"), 0))
        .isEqualTo(AttemptRunner.Verdict.FAIL);
    assertThat(skipping.afterActorDeath(0)).isEqualTo(AttemptRunner.Verdict.RETRY);
    assertThat(skipping.afterActorDeath(2)).isEqualTo(AttemptRunner.Verdict.FAIL);
  }
}
