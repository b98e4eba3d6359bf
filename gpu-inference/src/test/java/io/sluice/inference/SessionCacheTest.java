package io.sluice.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.api.udf.BatchUdf;
import io.sluice.api.udf.UdfContext;
import org.junit.jupiter.api.Test;

/** Loads are counted: repeated jobs and restarted actors reuse sessions; eviction closes them. */
class SessionCacheTest {

  @Test
  void twoJobsAndAnActorRestartLoadTheModelOnce() throws Exception {
    OnnxModelSpec spec = MiniLm.embedder(MiniLm.INT8).intraOpThreads(1).optimization(OptLevel.BASIC);
    UdfContext actor0 = UdfContext.cpu("embed", 0, 1);
    long before = SessionCache.shared().loads();
    try (BatchUdf job1 = spec.create(actor0)) {
      assertThat(job1).isNotNull();
    }
    try (BatchUdf job2 = spec.create(actor0); BatchUdf restarted = spec.create(actor0)) {
      assertThat(restarted).isNotNull();
    }
    assertThat(SessionCache.shared().loads() - before).isEqualTo(1);

    // A second CPU actor gets its own session (its own intra-op pool).
    try (BatchUdf other = spec.create(UdfContext.cpu("embed", 1, 1))) {
      assertThat(SessionCache.shared().loads() - before).isEqualTo(2);
    }
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
    return new SessionKey(MiniLm.INT8.identity(), MiniLm.INT8, Device.CPU, false, 1, OptLevel.BASIC,
        SessionTuning.defaults(), replica);
  }
}
