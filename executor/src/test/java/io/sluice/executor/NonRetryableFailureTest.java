package io.sluice.executor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.api.Compute;
import io.sluice.api.ExecutionOptions;
import io.sluice.api.OperatorException;
import io.sluice.api.Row;
import io.sluice.api.Sluice;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.Schema;
import org.junit.jupiter.api.Test;

/** A row that does not fit the declared schema fails the job without a single retry. */
class NonRetryableFailureTest {

  static final List<Long> SEEN = new CopyOnWriteArrayList<>();

  @Test
  void aSchemaMismatchIsTriedOnceThoughRetriesAreLeft() {
    Schema declared = new Schema(List.of(Field.nullable("id", new ArrowType.Int(64, true))));
    // A long backoff: were the mismatch retried, the job would wait seconds and see rows again.
    ExecutionOptions o =
        ExecutionOptions.builder()
            .cpuSlots(2)
            .progress(false)
            .maxTaskRetries(3)
            .retryBackoff(Duration.ofSeconds(2))
            .build();
    long start = System.nanoTime();
    try (Sluice s = Sluice.local(o)) {
      assertThatThrownBy(
              () ->
                  s.range(100)
                      .map(
                          r -> {
                            SEEN.add(r.getLong("id"));
                            return Row.of("id", "not a number " + r.getLong("id"));
                          },
                          Compute.tasks(),
                          declared)
                      .count())
          .isInstanceOf(OperatorException.class)
          .hasMessageContaining("does not fit schema");
    }
    assertThat(SEEN).doesNotHaveDuplicates().isNotEmpty();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
  }
}
