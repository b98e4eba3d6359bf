package io.sluice.executor.op;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.api.Compute;
import io.sluice.api.ExecutionOptions;
import io.sluice.api.SortKey;
import io.sluice.api.source.RangeSource;
import io.sluice.api.spi.ReadTask;
import io.sluice.api.udf.BatchUdf;
import io.sluice.api.udf.UdfContext;
import io.sluice.api.udf.UdfFactory;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/**
 * Every query of a real operator, asked a thousand times in each interesting state, changes nothing
 * observable: same answers, same stats, no task started, no event posted, no memory allocated. What
 * used to happen inside queries (starting an actor, moving a shuffle to its scatter phase, skipping
 * checkpointed splits) happens only in the explicit hooks.
 */
class QueriesChangeNothingTest {

  private static final int TIMES = 1000;

  /** Everything a caller can observe without changing the operator. */
  private static String observe(PhysicalOperator op) {
    OperatorStatsView s = op.stats();
    return op.blocked().reason()
        + " output="
        + op.hasOutput()
        + " finished="
        + op.isFinished()
        + " spec="
        + op.spec()
        + " running="
        + s.runningTasks()
        + " queued="
        + s.queuedInputBytes()
        + " next="
        + s.nextTaskInputBytes()
        + " min="
        + s.minTaskInputBytes()
        + " spilled="
        + s.spilledBytes()
        + " expected="
        + s.expectedRows()
        + " state="
        + s.describeState()
        + " metrics="
        + s.metrics()
        + " actors="
        // a busy actor's batch age follows the clock, not the queries
        + s.actors().toString().replaceAll("batchAgeMillis=\\d+", "batchAgeMillis=*");
  }

  /** Asks every query {@link #TIMES} times and checks nothing moved. */
  private static void assertQueriesChangeNothing(PhysicalOperator op, TestOperatorContext ctx) {
    String before = observe(op);
    Blocked blocked = op.blocked();
    long memory = ctx.root.getAllocatedMemory();
    int tasks = ctx.tasks.size();
    int events = ctx.events.size();
    for (int i = 0; i < TIMES; i++) {
      assertThat(op.blocked()).isSameAs(blocked);
      observe(op);
    }
    assertThat(observe(op)).isEqualTo(before);
    assertThat(ctx.root.getAllocatedMemory()).as("memory").isEqualTo(memory);
    assertThat(ctx.tasks).as("tasks started").hasSize(tasks);
    assertThat(ctx.events).as("events posted").hasSize(events);
    assertThat(ctx.failures).isEmpty();
  }

  @Test
  void taskMapInEveryState() {
    try (TestOperatorContext ctx = new TestOperatorContext()) {
      TaskMapOperator op = new TaskMapOperator("map", UdfFactory.of("id", (in, a) -> in), 1);
      op.start(ctx);
      assertQueriesChangeNothing(op, ctx); // waiting for input
      op.addInput(0, ctx.block(0, 100));
      op.addInput(0, ctx.block(100, 100));
      assertThat(op.blocked()).isSameAs(Blocked.NOT_BLOCKED);
      assertQueriesChangeNothing(op, ctx);
      op.nextTask(Long.MAX_VALUE);
      assertQueriesChangeNothing(op, ctx); // a task handed out, not run
      ctx.runTasks();
      ctx.runEvents();
      assertThat(op.hasOutput()).isTrue();
      assertQueriesChangeNothing(op, ctx); // output waiting
      op.takeOutput().close();
      op.inputDone(0);
      assertThat(op.blocked()).isSameAs(Blocked.DONE);
      assertThat(op.isFinished()).isTrue();
      assertQueriesChangeNothing(op, ctx);
      op.close();
    }
  }

  /** A UDF whose calls wait for a latch, so the pool's one actor stays busy while the test asks. */
  private record Gate(CountDownLatch open) implements UdfFactory {
    @Override
    public String name() {
      return "gate";
    }

    @Override
    public BatchUdf create(UdfContext context) {
      return (in, a) -> {
        open.await();
        return in;
      };
    }
  }

  @Test
  void actorPoolScalesUpOnlyInItsTurnHook() throws Exception {
    try (TestOperatorContext ctx = new TestOperatorContext()) {
      CountDownLatch open = new CountDownLatch(1);
      ActorPoolOperator op =
          new ActorPoolOperator("pool", new Gate(open), Compute.actors(1, 3).batchSize(10));
      op.start(ctx);
      ctx.awaitEvent(); // the first actor is ready
      op.addInput(0, ctx.block(0, 50));
      assertThat(op.blocked()).isSameAs(Blocked.NOT_BLOCKED);
      op.nextTask(Long.MAX_VALUE); // the only actor is busy now; 40 rows (4 batches) wait
      assertThat(op.blocked().reason()).isEqualTo(BlockingReason.WAITING_FOR_ACTOR);
      assertQueriesChangeNothing(op, ctx);
      assertThat(op.stats().actors()).hasSize(1);

      op.onTurn();
      assertThat(op.stats().actors()).as("the hook adds an actor").hasSize(2);
      op.onTurn();
      assertThat(op.stats().actors()).as("one starting at a time").hasSize(2);
      open.countDown();
      op.cancel();
      op.close();
      ctx.runEvents();
    }
  }

  @Test
  void shuffleLeavesItsCollectPhaseOnlyWhenItsTaskStarts() {
    try (TestOperatorContext ctx = new TestOperatorContext()) {
      SortOperator op = new SortOperator("sort", List.of(SortKey.asc("id")));
      op.start(ctx);
      op.addInput(0, ctx.block(0, 100));
      assertQueriesChangeNothing(op, ctx);
      op.inputDone(0);
      assertThat(op.blocked()).isSameAs(Blocked.NOT_BLOCKED);
      assertQueriesChangeNothing(op, ctx);
      assertThat(op.stats().describeState()).startsWith("COLLECT");
      op.nextTask(Long.MAX_VALUE);
      assertThat(op.stats().describeState()).startsWith("SCATTER");
      ctx.runTasks();
      ctx.runEvents();
      assertThat(op.stats().describeState()).startsWith("EMIT");
      assertQueriesChangeNothing(op, ctx);
      op.close();
    }
  }

  @Test
  void emptyShuffleIsDoneWithoutChangingPhase() {
    try (TestOperatorContext ctx = new TestOperatorContext()) {
      SortOperator op = new SortOperator("sort", List.of(SortKey.asc("id")));
      op.start(ctx);
      op.inputDone(0);
      assertThat(op.blocked()).isSameAs(Blocked.DONE);
      assertThat(op.isFinished()).isTrue();
      assertQueriesChangeNothing(op, ctx);
      op.close();
    }
  }

  @Test
  void readSkipsTheSplitsItsResumePlanNamesFromTheStart() {
    ExecutionOptions options =
        ExecutionOptions.builder().cpuSlots(2).memoryBudgetBytes(64L << 20).build();
    List<ReadTask> tasks = new RangeSource(1000, 4).planReadTasks(4);
    assertThat(tasks).hasSize(4);
    ResumePlan resume =
        new ResumePlan(
            true,
            Set.of(
                ReadOperator.splitKey("read", 0, tasks.get(0)),
                ReadOperator.splitKey("read", 2, tasks.get(2))),
            List.of());
    try (TestOperatorContext ctx = new TestOperatorContext(options, resume)) {
      ReadOperator op = new ReadOperator("read", tasks);
      op.start(ctx);
      assertThat(op.stats().describeState()).startsWith("read tasks 1/4");
      assertThat(op.blocked()).isSameAs(Blocked.NOT_BLOCKED);
      assertQueriesChangeNothing(op, ctx);
      op.onTurn();
      assertQueriesChangeNothing(op, ctx);
      op.nextTask(Long.MAX_VALUE); // split 1
      assertThat(op.stats().describeState()).as("split 2 passed over").startsWith("read tasks 3/4");
      op.nextTask(Long.MAX_VALUE); // split 3
      assertThat(op.blocked()).isSameAs(Blocked.DONE);
      assertQueriesChangeNothing(op, ctx);
      ctx.runTasks();
      ctx.runEvents();
      long rows = 0;
      while (op.hasOutput()) {
        try (Block b = op.takeOutput()) {
          rows += b.rows();
          assertThat(b.split())
              .isIn(
                  ReadOperator.splitKey("read", 1, tasks.get(1)),
                  ReadOperator.splitKey("read", 3, tasks.get(3)));
        }
      }
      assertThat(rows).as("splits 1 and 3").isEqualTo(500);
      assertThat(op.isFinished()).isTrue();
      op.close();
    }
  }

  @Test
  void limitAndUnion() {
    try (TestOperatorContext ctx = new TestOperatorContext()) {
      LimitOperator limit = new LimitOperator("limit", 10);
      limit.start(ctx);
      assertQueriesChangeNothing(limit, ctx);
      limit.addInput(0, ctx.block(0, 25));
      assertQueriesChangeNothing(limit, ctx);
      limit.takeOutput().close();
      assertThat(limit.isFinished()).as("satisfied before its input ended").isTrue();
      assertQueriesChangeNothing(limit, ctx);
      limit.close();

      UnionOperator union = new UnionOperator("union", 2);
      union.start(ctx);
      union.addInput(1, ctx.block(0, 5));
      assertQueriesChangeNothing(union, ctx);
      union.inputDone(0);
      union.inputDone(1);
      assertQueriesChangeNothing(union, ctx);
      while (union.hasOutput()) {
        union.takeOutput().close();
      }
      union.close();
    }
  }
}
