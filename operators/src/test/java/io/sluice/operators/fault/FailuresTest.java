package io.sluice.operators.fault;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.api.DeterministicException;
import io.sluice.api.OperatorException;
import io.sluice.api.PlanException;
import io.sluice.api.SluiceException;
import io.sluice.operators.fault.Failures.Kind;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import org.junit.jupiter.api.Test;

/** The one classification of failures both backends use. */
class FailuresTest {

  private static OperatorException wrapped(Throwable cause) {
    return new OperatorException("Embed", "failed on a batch of 32 rows: " + cause, cause);
  }

  @Test
  void ioAndUnknownFailuresAreTransient() {
    assertThat(Failures.kind(new IOException("connection reset"))).isEqualTo(Kind.TRANSIENT);
    assertThat(Failures.kind(new SocketTimeoutException("read timed out")))
        .isEqualTo(Kind.TRANSIENT);
    assertThat(Failures.kind(wrapped(new IllegalStateException("flaky"))))
        .isEqualTo(Kind.TRANSIENT);
    assertThat(Failures.kind(new SluiceException("remote call failed"))).isEqualTo(Kind.TRANSIENT);
    assertThat(Failures.retryable(new IOException())).isTrue();
  }

  @Test
  void planErrorsAndBrokenJvmsAreFatalEvenWhenWrapped() {
    assertThat(Failures.kind(new PlanException("column 'text' is missing"))).isEqualTo(Kind.FATAL);
    assertThat(Failures.kind(wrapped(new PlanException("no such model input"))))
        .isEqualTo(Kind.FATAL);
    assertThat(Failures.kind(new OutOfMemoryError("Java heap space"))).isEqualTo(Kind.FATAL);
    assertThat(Failures.kind(wrapped(new NoClassDefFoundError("ai/onnxruntime/OrtEnvironment"))))
        .isEqualTo(Kind.FATAL);
    assertThat(Failures.skippable(new PlanException("x"))).isFalse();
    assertThat(Failures.retryable(new PlanException("x"))).isFalse();
  }

  @Test
  void dataErrorsAreNotRetriedButMayBeSkipped() {
    Throwable mismatch =
        wrapped(new DeterministicException("row 3 does not fit schema [id: int64]"));
    assertThat(Failures.kind(mismatch)).isEqualTo(Kind.DETERMINISTIC);
    assertThat(Failures.retryable(mismatch)).isFalse();
    assertThat(Failures.skippable(mismatch)).isTrue();
    assertThat(Failures.kind(wrapped(new AssertionError("bad row")))).isEqualTo(Kind.DETERMINISTIC);
    assertThat(Failures.kind(new StackOverflowError())).isEqualTo(Kind.DETERMINISTIC);
  }

  @Test
  void interruptsAreTheirOwnKind() {
    assertThat(Failures.kind(new InterruptedException())).isEqualTo(Kind.INTERRUPTED);
    assertThat(Failures.kind(wrapped(new InterruptedIOException("interrupted"))))
        .isEqualTo(Kind.INTERRUPTED);
    assertThat(Failures.skippable(new InterruptedException())).isFalse();
  }

  @Test
  void aCauseCycleEnds() {
    IllegalStateException a = new IllegalStateException("a");
    IllegalStateException b = new IllegalStateException("b", a);
    a.initCause(b);
    assertThat(Failures.kind(a)).isEqualTo(Kind.TRANSIENT);
  }
}
