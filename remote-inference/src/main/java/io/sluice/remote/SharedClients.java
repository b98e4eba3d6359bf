package io.sluice.remote;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One {@link RemoteClient} per remote stage and process, shared by all of the stage's actors: the
 * in-flight window, the rate and token limits, the byte bound and the endpoints' ejection state are
 * then the stage's, not each actor's, and several actors' batches are in flight at once on one
 * window (while one actor builds its output column, the others' requests keep the endpoints busy).
 * A stage is one spec (its {@code stageId}, which its serialized copies keep: Flink subtasks in one
 * TaskManager share the client too) under one operator name. Reference counted: the last {@link
 * Lease#close()} closes the client. Thread-safe.
 */
final class SharedClients {

  /** Which stage a client serves: the spec's stage id and the operator's name. */
  private record Key(String stageId, String operator) {}

  private static final class Entry {
    final RemoteClient client;
    int leases;

    Entry(RemoteClient client) {
      this.client = client;
    }
  }

  private static final Map<Key, Entry> CLIENTS = new HashMap<>();

  private SharedClients() {}

  /** A use of a shared client; close it once, when the actor's UDF closes. */
  static final class Lease implements AutoCloseable {
    private final Key key;
    private final RemoteClient client;
    private boolean closed;

    private Lease(Key key, RemoteClient client) {
      this.key = key;
      this.client = client;
    }

    RemoteClient client() {
      return client;
    }

    @Override
    public void close() {
      RemoteClient last = null;
      synchronized (CLIENTS) {
        if (closed) {
          return;
        }
        closed = true;
        Entry e = CLIENTS.get(key);
        if (e != null && e.client == client && --e.leases == 0) {
          CLIENTS.remove(key);
          last = client;
        }
      }
      if (last != null) {
        last.close();
      }
    }
  }

  /** The stage's client, built by {@code create} for the first actor. */
  static Lease acquire(String stageId, String operator, Supplier<RemoteClient> create) {
    Key key = new Key(stageId, operator);
    synchronized (CLIENTS) {
      Entry e = CLIENTS.computeIfAbsent(key, k -> new Entry(create.get()));
      e.leases++;
      return new Lease(key, e.client);
    }
  }
}
