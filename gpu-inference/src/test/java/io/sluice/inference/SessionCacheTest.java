package io.sluice.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.api.udf.BatchUdf;
import io.sluice.api.udf.SharedResourceRegistry;
import io.sluice.api.udf.UdfContext;
import org.junit.jupiter.api.Test;

/** Loads are counted: repeated jobs and restarted actors reuse sessions; eviction closes them. */
class SessionCacheTest {

  @Test
  void twoJobsAndAnActorRestartLoadTheModelOnce() throws Exception {
    OnnxModelSpec spec =
        MiniLm.embedder(MiniLm.INT8).intraOpThreads(1).optimization(OptLevel.BASIC);
    try (SharedResourceRegistry backend = new SharedResourceRegistry()) {
      UdfContext actor0 = UdfContext.cpu("embed", 0, 1).withResources(backend);
      try (BatchUdf job1 = spec.create(actor0)) {
        assertThat(job1).isNotNull();
      }
      try (BatchUdf job2 = spec.create(actor0);
          BatchUdf restarted = spec.create(actor0)) {
        assertThat(restarted).isNotNull();
      }
      SessionCache cache = SessionCache.of(actor0);
      assertThat(cache.loads()).isEqualTo(1);

      // A second CPU actor gets its own session (its own intra-op pool).
      try (BatchUdf other = spec.create(UdfContext.cpu("embed", 1, 1).withResources(backend))) {
        assertThat(cache.loads()).isEqualTo(2);
      }
      assertThat(cache.size()).isEqualTo(2);

      // Another backend has its own cache, so it loads again.
      try (SharedResourceRegistry second = new SharedResourceRegistry();
          BatchUdf elsewhere = spec.create(actor0.withResources(second))) {
        assertThat(SessionCache.of(actor0.withResources(second)).loads()).isEqualTo(1);
      }
      assertThat(cache.loads()).isEqualTo(2);
    }
  }

  @Test
  void closingTheBackendClosesItsSessionsAndRefusesNewOnes() throws Exception {
    OnnxModelSpec spec =
        MiniLm.embedder(MiniLm.INT8).intraOpThreads(1).optimization(OptLevel.BASIC);
    SharedResourceRegistry backend = new SharedResourceRegistry();
    UdfContext actor = UdfContext.cpu("embed", 0, 1).withResources(backend);
    BatchUdf leased = spec.create(actor);
    try (BatchUdf idle = spec.create(UdfContext.cpu("embed", 1, 1).withResources(backend))) {
      assertThat(idle).isNotNull();
    }
    SessionCache cache = SessionCache.of(actor);
    backend.close();
    assertThat(cache.closes()).as("the unleased session closes with the backend").isEqualTo(1);
    leased.close();
    assertThat(cache.closes()).as("the leased one once its actor lets go").isEqualTo(2);
    assertThatThrownBy(() -> spec.create(actor))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("is closed");
  }

  @Test
  void evictionClosesSessionsButNotUnderALease() {
    SessionCache cache = new SessionCache(1);
    SessionKey a = key(0);
    SessionKey b = key(1);
    SessionLease leaseA = cache.acquire(a);
    cache.acquire(b).close(); // evicts a (bounded to 1), but a is still leased
    cache.size();
    assertThat(cache.loads()).isEqualTo(2);
    assertThat(cache.closes()).isZero();
    assertThat(leaseA.session().getInputNames()).contains("input_ids"); // still usable
    leaseA.close();
    assertThat(cache.closes()).isEqualTo(1);
    assertThatThrownBy(leaseA::session).isInstanceOf(IllegalStateException.class);

    cache.invalidateAll();
    assertThat(cache.closes()).isEqualTo(2);
    SessionLease again = cache.acquire(a); // reloads after eviction
    assertThat(cache.loads()).isEqualTo(3);
    again.close();
    cache.invalidateAll();
  }

  private static SessionKey key(int replica) {
    return new SessionKey(
        MiniLm.INT8.identity(),
        MiniLm.INT8,
        Device.CPU,
        false,
        1,
        OptLevel.BASIC,
        SessionTuning.defaults(),
        replica);
  }
}
