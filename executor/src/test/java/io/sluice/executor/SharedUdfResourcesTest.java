package io.sluice.executor;

import static io.sluice.executor.LocalExecutorTest.opts;
import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.api.Compute;
import io.sluice.api.Sluice;
import io.sluice.api.udf.BatchUdf;
import io.sluice.api.udf.UdfContext;
import io.sluice.api.udf.UdfFactory;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * UDF instances of one backend share its resources across jobs; closing the backend closes them.
 */
class SharedUdfResourcesTest {

  /** A stand-in for a model-session cache. */
  static final class Shared implements AutoCloseable {
    static final List<Shared> MADE = new CopyOnWriteArrayList<>();
    volatile boolean closed;

    Shared() {
      MADE.add(this);
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  static final Set<Shared> SEEN = ConcurrentHashMap.newKeySet();

  static final class UsesShared implements UdfFactory {
    @Override
    public String name() {
      return "UsesShared";
    }

    @Override
    public BatchUdf create(UdfContext context) {
      SEEN.add(context.resources().get(Shared.class, Shared::new));
      return (in, allocator) -> in;
    }
  }

  @Test
  void jobsOfOneBackendShareAndTheBackendClosesWhatTheyShared() {
    Shared.MADE.clear();
    SEEN.clear();
    Sluice first = Sluice.local(opts().build());
    try (first) {
      assertThat(
              first
                  .range(100)
                  .mapBatches(new UsesShared(), Compute.actors(2).batchSize(10))
                  .count())
          .isEqualTo(100);
      assertThat(first.range(100).mapBatches(new UsesShared(), Compute.tasks()).count())
          .isEqualTo(100);
      assertThat(Shared.MADE).hasSize(1);
      assertThat(Shared.MADE.get(0).closed).as("open while the backend is").isFalse();
    }
    assertThat(Shared.MADE.get(0).closed).as("closed with the backend").isTrue();
    try (Sluice second = Sluice.local(opts().build())) {
      second.range(10).mapBatches(new UsesShared(), Compute.tasks()).count();
    }
    assertThat(Shared.MADE).hasSize(2);
    assertThat(SEEN).hasSize(2);
  }
}
