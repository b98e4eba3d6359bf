package io.sluice.api.options;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.api.ErrorPolicy;
import io.sluice.api.ExecutionOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/**
 * Options are plain values: auto resources, defaults per part, copies, and errors naming the
 * option.
 */
class ExecutionOptionsTest {

  @Test
  void defaultsLeaveResourcesAuto() {
    ExecutionOptions d = ExecutionOptions.defaults();
    assertThat(d.resources()).isEqualTo(Resources.auto());
    assertThat(d.resources().memoryBudgetBytes()).isEmpty();
    assertThat(d.resources().cpuSlots()).isEmpty();
    assertThat(d.resources().gpuSlots()).isEmpty();
    assertThat(d.resources().isResolved()).isFalse();
    assertThat(d.blocks()).isEqualTo(new Blocks(128L << 20, true));
    assertThat(d.retries()).isEqualTo(new Retries(3, Duration.ofMillis(50), 3, ErrorPolicy.fail()));
    assertThat(d.spill()).isEqualTo(new Spill(Optional.empty(), Long.MAX_VALUE, SpillCodec.ZSTD));
    assertThat(d.diagnostics()).isEqualTo(new Diagnostics(true, Duration.ofMinutes(10)));
    assertThat(ExecutionOptions.builder().build()).isEqualTo(d);
  }

  @Test
  void theBuilderSetsEachPart() {
    Path spill = Path.of("/scratch/spill");
    ErrorPolicy skip = ErrorPolicy.skip(10, 0);
    ExecutionOptions o =
        ExecutionOptions.builder()
            .memoryBudgetBytes(1L << 30)
            .cpuSlots(4)
            .gpuSlots(1)
            .targetBlockBytes(1 << 20)
            .preserveOrder(false)
            .maxTaskRetries(0)
            .retryBackoff(Duration.ofSeconds(1))
            .maxActorRestarts(5)
            .errorPolicy(skip)
            .spillDir(spill)
            .spillQuotaBytes(1 << 30)
            .spillCodec(SpillCodec.LZ4_FRAME)
            .progress(false)
            .noProgressTimeout(Duration.ofSeconds(30))
            .build();
    assertThat(o)
        .isEqualTo(
            new ExecutionOptions(
                new Resources(OptionalLong.of(1L << 30), OptionalInt.of(4), OptionalInt.of(1)),
                new Blocks(1 << 20, false),
                new Retries(0, Duration.ofSeconds(1), 5, skip),
                new Spill(Optional.of(spill), 1 << 30, SpillCodec.LZ4_FRAME),
                new Diagnostics(false, Duration.ofSeconds(30))));
    assertThat(o.resources().isResolved()).isTrue();
    assertThat(o.toBuilder().build()).isEqualTo(o);
  }

  @Test
  void copiesChangeOneValueAndLeaveTheOriginal() {
    ExecutionOptions d = ExecutionOptions.defaults();
    ExecutionOptions changed = d.toBuilder().cpuSlots(2).build();
    assertThat(changed.resources().cpuSlots()).hasValue(2);
    assertThat(changed.resources().memoryBudgetBytes()).isEmpty();
    assertThat(changed.withResources(d.resources())).isEqualTo(d);
    assertThat(d.resources().cpuSlots()).isEmpty();

    Blocks b = Blocks.defaults().withTargetBytes(10);
    assertThat(b).isEqualTo(new Blocks(10, true));
    assertThat(d.withBlocks(b).blocks()).isSameAs(b);
    assertThat(d.withRetries(Retries.defaults().withMaxTaskRetries(7)).retries().maxTaskRetries())
        .isEqualTo(7);
    assertThat(d.withSpill(Spill.defaults().withQuotaBytes(5)).spill().quotaBytes()).isEqualTo(5);
    assertThat(
            d.withDiagnostics(Diagnostics.defaults().withProgress(false)).diagnostics().progress())
        .isFalse();
  }

  @Test
  void invalidValuesFailNamingTheOption() {
    rejects(
        () -> ExecutionOptions.builder().memoryBudgetBytes(0),
        "resources.memoryBudgetBytes must be positive, got 0");
    rejects(() -> ExecutionOptions.builder().cpuSlots(0), "resources.cpuSlots must be >= 1, got 0");
    rejects(
        () -> ExecutionOptions.builder().gpuSlots(-1), "resources.gpuSlots must be >= 0, got -1");
    rejects(
        () -> ExecutionOptions.builder().targetBlockBytes(-5),
        "blocks.targetBytes must be positive, got -5");
    rejects(
        () -> ExecutionOptions.builder().maxTaskRetries(-1),
        "retries.maxTaskRetries must be >= 0, got -1");
    rejects(
        () -> ExecutionOptions.builder().retryBackoff(Duration.ofMillis(-1)),
        "retries.backoff must be >= 0");
    rejects(
        () -> ExecutionOptions.builder().maxActorRestarts(-2),
        "retries.maxActorRestarts must be >= 0, got -2");
    rejects(
        () -> ExecutionOptions.builder().spillQuotaBytes(0),
        "spill.quotaBytes must be positive, got 0");
    rejects(
        () -> ExecutionOptions.builder().noProgressTimeout(Duration.ZERO),
        "diagnostics.noProgressTimeout must be positive, got PT0S");
    rejects(
        () -> new Resources(OptionalLong.of(-1), OptionalInt.empty(), OptionalInt.empty()),
        "resources.memoryBudgetBytes must be positive, got -1");
    assertThatThrownBy(() -> ExecutionOptions.builder().errorPolicy(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("retries.errorPolicy");
    assertThatThrownBy(() -> ExecutionOptions.builder().spillCodec(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("spill.codec");
    assertThatThrownBy(() -> ExecutionOptions.defaults().withSpill(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("spill");
  }

  private static void rejects(ThrowingCallable call, String message) {
    assertThatThrownBy(call)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(message);
  }
}
