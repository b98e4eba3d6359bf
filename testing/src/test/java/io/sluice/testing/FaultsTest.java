package io.sluice.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.api.source.RangeSource;
import io.sluice.api.spi.BatchReader;
import io.sluice.api.spi.Datasource;
import io.sluice.api.spi.ReadTask;
import io.sluice.api.udf.BatchUdf;
import io.sluice.api.udf.UdfContext;
import io.sluice.api.udf.UdfFactory;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.junit.jupiter.api.Test;

/**
 * The decorators strike at about their probability, reproducibly, and pass everything else through.
 */
class FaultsTest {

  private static List<String> outcomes(BatchUdf udf, int calls, BufferAllocator a)
      throws Exception {
    List<String> out = new ArrayList<>();
    try (VectorSchemaRoot batch = VectorSchemaRoot.create(RangeSource.SCHEMA, a)) {
      for (int i = 0; i < calls; i++) {
        try {
          assertThat(udf.apply(batch, a)).isSameAs(batch);
          out.add("ok");
        } catch (InjectedFault e) {
          out.add("fault");
        } catch (InjectedActorDeath e) {
          out.add("death");
        }
      }
    }
    return out;
  }

  @Test
  void callsFailAtAboutTheirProbabilityAndTheSameWayEveryRun() throws Exception {
    UdfFactory identity = UdfFactory.of("Model", (batch, allocator) -> batch);
    FaultyUdfFactory faulty = Faults.seeded(7).failingCalls(identity, 0.25).dyingActors(0.05);
    try (BufferAllocator a = new RootAllocator()) {
      List<String> first = outcomes(faulty.create(UdfContext.cpu("Model", 0, 1)), 4000, a);
      List<String> again = outcomes(faulty.create(UdfContext.cpu("Model", 0, 1)), 4000, a);
      List<String> otherActor = outcomes(faulty.create(UdfContext.cpu("Model", 1, 1)), 4000, a);

      assertThat(again).isEqualTo(first);
      assertThat(otherActor).isNotEqualTo(first);
      long faults = first.stream().filter("fault"::equals).count();
      long deaths = first.stream().filter("death"::equals).count();
      assertThat(deaths).isBetween(120L, 280L); // 5% of 4000
      assertThat(faults).isBetween(800L, 1100L); // 25% of the calls that did not die
      assertThat(faulty.name()).isEqualTo("Model");
    }
  }

  @Test
  void aFailingReadAttemptIsFollowedByOthersUntilOneOpens() throws Exception {
    Datasource source = Faults.seeded(3).failingReads(new RangeSource(1000, 4), 0.5);
    List<ReadTask> tasks = source.planReadTasks(4);
    assertThat(tasks).hasSize(4);
    assertThat(source.schema()).isEqualTo(RangeSource.SCHEMA);
    int failures = 0;
    long rows = 0;
    try (BufferAllocator a = new RootAllocator()) {
      for (ReadTask t : tasks) {
        for (int attempt = 0; ; attempt++) {
          assertThat(attempt).isLessThan(40);
          try (BatchReader r = t.open(a, 1 << 20)) {
            VectorSchemaRoot b;
            while ((b = r.next()) != null) {
              rows += b.getRowCount();
              b.close();
            }
            break;
          } catch (InjectedFault e) {
            failures++;
          }
        }
      }
    }
    assertThat(rows).isEqualTo(1000);
    assertThat(failures).isPositive();
  }

  @Test
  void probabilitiesOutsideZeroToOneAreRejected() {
    assertThatThrownBy(() -> Faults.seeded(1).failingCalls(UdfFactory.of("M", (b, a) -> b), 1.5))
        .hasMessageContaining("failure probability must be in [0, 1], got 1.5");
  }
}
