package io.sluice.inference;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import io.sluice.api.udf.UdfContext;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bounded cache of ONNX Runtime sessions, so a second job in the same JVM, or a restarted actor,
 * reuses the loaded model instead of reading and optimising it again.
 *
 * <p>Ownership: the cache owns sessions; actors hold {@link SessionLease}s. A session evicted while
 * leased is closed when its last lease is released, never under a running actor. Which actors share
 * a session is decided by {@link SessionKey#replica()}: one session per CPU actor (each with its
 * own intra-op pool sized from that actor's CPUs), one per CUDA device shared by the actors pinned
 * to it (ORT's {@code run} is thread-safe, and one copy of the weights per device is what
 * fractional GPUs need).
 *
 * <p>Thread-safe. One instance per backend: {@link #of(UdfContext)} takes it from the backend's
 * {@link io.sluice.api.udf.SharedResources}, so closing a local backend frees its sessions' native
 * memory; tests build their own.
 */
public final class SessionCache implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(SessionCache.class);

  /** Sessions one backend keeps: a few models times a few CPU actors (each its own session). */
  public static final long DEFAULT_MAX_SESSIONS = 8;

  private final Cache<SessionKey, Entry> cache;
  private final AtomicLong loads = new AtomicLong();
  private final AtomicLong closes = new AtomicLong();

  public SessionCache(long maxSessions) {
    this.cache =
        Caffeine.newBuilder()
            .maximumSize(maxSessions)
            .executor(Runnable::run)
            .removalListener(
                (SessionKey k, Entry e, RemovalCause cause) -> {
                  if (e != null) {
                    e.evict();
                  }
                })
            .build();
  }

  /** The cache of the backend that builds the UDF {@code context} describes. */
  public static SessionCache of(UdfContext context) {
    return context
        .resources()
        .get(SessionCache.class, () -> new SessionCache(DEFAULT_MAX_SESSIONS));
  }

  /** A lease on the session for {@code key}, building it on first use. */
  SessionLease acquire(SessionKey key) {
    while (true) {
      Entry entry =
          cache.get(
              key,
              k -> {
                loads.incrementAndGet();
                SessionFactory.Built built = SessionFactory.build(k);
                return new Entry(k, built.session(), built.actual());
              });
      if (entry.retain()) {
        return new SessionLease(entry);
      }
      cache.asMap().remove(key, entry); // lost a race with eviction; build or find a live one
    }
  }

  /** How many sessions this cache has built (loaded a model for) since it was created. */
  public long loads() {
    return loads.get();
  }

  /** How many sessions this cache has closed. */
  public long closes() {
    return closes.get();
  }

  /** Sessions currently cached. */
  public long size() {
    cache.cleanUp();
    return cache.estimatedSize();
  }

  /** Evicts everything; leased sessions close when released. */
  public void invalidateAll() {
    cache.invalidateAll();
    cache.cleanUp();
  }

  /** Evicts everything, as the backend closes; sessions still leased close when released. */
  @Override
  public void close() {
    invalidateAll();
  }

  /** A cached session with a lease count; closed once evicted and unleased. */
  final class Entry {
    private final SessionKey key;
    private final OrtSession session;
    private final Device actual;
    private int leases;
    private boolean evicted;
    private boolean closed;

    Entry(SessionKey key, OrtSession session, Device actual) {
      this.key = key;
      this.session = session;
      this.actual = actual;
    }

    SessionKey key() {
      return key;
    }

    OrtSession session() {
      return session;
    }

    Device actual() {
      return actual;
    }

    synchronized boolean retain() {
      if (closed) {
        return false;
      }
      leases++;
      return true;
    }

    synchronized void release() {
      leases--;
      if (leases == 0 && evicted) {
        closeNow();
      }
    }

    synchronized void evict() {
      evicted = true;
      if (leases == 0) {
        closeNow();
      }
    }

    private void closeNow() {
      if (closed) {
        return;
      }
      closed = true;
      closes.incrementAndGet();
      try {
        session.close();
      } catch (OrtException e) {
        LOG.warn("closing ONNX session {} failed: {}", key, e.getMessage());
      }
    }
  }
}
