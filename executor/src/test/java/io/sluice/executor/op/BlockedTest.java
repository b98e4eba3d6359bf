package io.sluice.executor.op;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.api.source.RangeSource;
import io.sluice.api.udf.UdfFactory;
import org.junit.jupiter.api.Test;

/**
 * The {@link Blocked} value: shared NOT_BLOCKED and DONE, one value per reason until the state
 * changes, and a future that completes exactly when it may have changed.
 */
class BlockedTest {

  @Test
  void sharedValuesAreComplete() {
    assertThat(Blocked.NOT_BLOCKED.mayHaveChanged()).isTrue();
    assertThat(Blocked.DONE.mayHaveChanged()).isTrue();
    ChangeSignal signal = new ChangeSignal();
    assertThat(signal.blocked(BlockingReason.NOT_BLOCKED)).isSameAs(Blocked.NOT_BLOCKED);
    assertThat(signal.blocked(BlockingReason.DONE)).isSameAs(Blocked.DONE);
  }

  @Test
  void futureCompletesWhenInputArrivesAndNotBefore() {
    try (TestOperatorContext ctx = new TestOperatorContext()) {
      TaskMapOperator op = new TaskMapOperator("map", UdfFactory.of("id", (in, a) -> in), 1);
      op.start(ctx);
      Blocked waiting = op.blocked();
      assertThat(waiting.reason()).isEqualTo(BlockingReason.WAITING_FOR_INPUT);
      boolean[] woke = {false};
      waiting.changed().thenRun(() -> woke[0] = true);
      op.onTurn();
      assertThat(op.blocked()).isSameAs(waiting);
      assertThat(woke[0]).isFalse();

      op.addInput(0, ctx.block(0, 10));
      assertThat(woke[0]).isTrue();
      assertThat(op.blocked()).isSameAs(Blocked.NOT_BLOCKED);

      op.nextTask(Long.MAX_VALUE);
      Blocked again = op.blocked();
      assertThat(again.reason()).isEqualTo(BlockingReason.WAITING_FOR_INPUT);
      assertThat(again).as("a fresh future after a change").isNotSameAs(waiting);
      assertThat(again.mayHaveChanged()).isFalse();
      op.inputDone(0);
      assertThat(again.mayHaveChanged()).isTrue();
      ctx.runTasks();
      ctx.runEvents();
      while (op.hasOutput()) {
        op.takeOutput().close();
      }
      assertThat(op.blocked()).isSameAs(Blocked.DONE);
      op.close();
    }
  }

  @Test
  void sourcesHaveNoPortsAndNeverGetInput() {
    try (TestOperatorContext ctx = new TestOperatorContext()) {
      ReadOperator read = new ReadOperator("read", new RangeSource(10, 1).planReadTasks(1));
      assertThat(read.spec().source()).isTrue();
      assertThat(read.spec().inputPorts()).isZero();
      assertThat(new TaskMapOperator("m", UdfFactory.of("id", (in, a) -> in), 0.5).spec())
          .isEqualTo(new OperatorSpec("m", 0.5, 0, 1, true));
    }
  }
}
