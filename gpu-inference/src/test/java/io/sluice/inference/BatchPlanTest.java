package io.sluice.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Planning model batches from a window's row lengths, without running a model. */
class BatchPlanTest {

  private static final int[] LENGTHS = {9, 3, 7, 3, 0, 12, 5, 3, 9, 1};
  private static final boolean[] NULLS = {
    false, false, false, false, true, false, false, false, false, false
  };

  @Test
  void lengthAwareSortsStablyAndLeavesNullsOut() {
    BatchPlan plan = BatchPlan.of(LENGTHS, NULLS, 10, Batching.lengthAware(4));
    assertThat(plan.order()).containsExactly(9, 1, 3, 7, 6, 2, 0, 8, 5);
    assertThat(batches(plan)).containsExactly(List.of(9, 1, 3, 7), List.of(6, 2, 0, 8), List.of(5));
  }

  @Test
  void arrivalOrderKeepsOrderAndWholeWindowIsOneBatch() {
    assertThat(batches(BatchPlan.of(LENGTHS, NULLS, 10, Batching.arrivalOrder(4))))
        .containsExactly(List.of(0, 1, 2, 3), List.of(5, 6, 7, 8), List.of(9));
    assertThat(batches(BatchPlan.of(LENGTHS, NULLS, 10, Batching.wholeWindow())))
        .containsExactly(List.of(0, 1, 2, 3, 5, 6, 7, 8, 9));
    boolean[] allNull = new boolean[3];
    Arrays.fill(allNull, true);
    assertThat(BatchPlan.of(new int[3], allNull, 3, Batching.lengthAware(4)).batches()).isZero();
  }

  @Test
  void maxTokensPerBatchBoundsRowsTimesPaddedLength() {
    SplittableRandom rnd = new SplittableRandom(5);
    int rows = 2000;
    int[] lengths = new int[rows];
    boolean[] nulls = new boolean[rows];
    for (int r = 0; r < rows; r++) {
      lengths[r] = 3 + rnd.nextInt(rnd.nextInt(10) == 0 ? 250 : 60);
      nulls[r] = rnd.nextInt(50) == 0;
    }
    for (boolean sorted : new boolean[] {true, false}) {
      Batching b = Batching.lengthAware(64).withLengthAware(sorted).withMaxTokensPerBatch(1000);
      BatchPlan plan = BatchPlan.of(lengths, nulls, rows, b);
      int seen = 0;
      for (List<Integer> batch : batches(plan)) {
        int longest = batch.stream().mapToInt(r -> lengths[r]).max().orElseThrow();
        assertThat(batch.size()).isLessThanOrEqualTo(64);
        if (batch.size() > 1) {
          assertThat((long) batch.size() * longest).as("batch %s", batch).isLessThanOrEqualTo(1000);
        }
        seen += batch.size();
      }
      int live = 0;
      for (boolean n : nulls) {
        live += n ? 0 : 1;
      }
      assertThat(seen).isEqualTo(live);
    }
  }

  @Test
  void badSettingsAreRejected() {
    assertThatThrownBy(() -> Batching.lengthAware(0))
        .hasMessageContaining("modelBatchSize must be >= 1");
    assertThatThrownBy(() -> Batching.lengthAware(8).withMaxTokensPerBatch(-1))
        .hasMessageContaining("maxTokensPerBatch");
  }

  private static List<List<Integer>> batches(BatchPlan plan) {
    List<List<Integer>> out = new ArrayList<>();
    for (int b = 0; b < plan.batches(); b++) {
      List<Integer> rows = new ArrayList<>();
      for (int i = 0; i < plan.size(b); i++) {
        rows.add(plan.order()[plan.start(b) + i]);
      }
      out.add(rows);
    }
    return out;
  }
}
