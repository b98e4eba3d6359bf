package io.sluice.remote;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.api.SluiceException;
import io.sluice.api.udf.BatchUdf;
import io.sluice.operators.vector.ColumnAppender;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * One actor's remote stage: per batch, every row's request goes out at once through the stage's
 * {@link RemoteClient}, shared with the stage's other actors ({@link SharedClients}; it bounds what
 * is really in flight), answers land in a per-row slot, and the output column is built in row order
 * when the last one arrives. With several actors, several batches are in flight on the one window,
 * so the endpoints stay busy while an actor waits for its batch's last answer or builds its column.
 *
 * <p>Rejected rows (non-retryable 4xx) make {@link #apply} throw a {@link RowRejectedException}, so
 * the executor's retry and isolation (ErrorPolicy.skip: dead letters) take over. So that those
 * re-runs do not pay twice, the answers and rejections of a failed batch are remembered, keyed by
 * the row's request input, and reused instead of sending again: each row reaches the server once.
 * Likewise, once a batch ran out of retries on every endpoint, batches in the following {@code
 * ejectFor} fail at once with the same message. While a batch's requests are out, their request and
 * response bodies count against the batch's allocator ({@link BatchReservation}), so the executor's
 * memory budget and backpressure see what the stage holds on the heap. Call-order rules are {@link
 * BatchUdf}'s.
 */
final class RemoteUdf implements BatchUdf {

  private static final int MIN_MEMO_ROWS = 8192;

  /** A remembered rejection. */
  private record Rejection(String message, int status) {}

  private final RemoteOperation op;
  private final String model;
  private final SharedClients.Lease lease;
  private final RemoteClient client;
  private final RemoteStats stats;
  private final long downForNanos;

  /** The last "every endpoint failed" and until when new batches fail with it at once. */
  private EndpointsUnavailableException down;

  private long downUntil;
  private int memoCapacity = MIN_MEMO_ROWS;
  private volatile long lastReserved;
  private final Map<String, Object> memo =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Object> eldest) {
          return size() > memoCapacity;
        }
      };

  /**
   * @param downFor after a batch ran out of retries on every endpoint, how long later batches fail
   *     at once without sending (so the executor's retries and row isolation do not each wait out a
   *     whole retry budget against servers that are down)
   */
  RemoteUdf(
      RemoteOperation op,
      String model,
      SharedClients.Lease lease,
      RemoteStats stats,
      Duration downFor) {
    this.downForNanos = downFor.toNanos();
    this.op = op;
    this.model = model;
    this.lease = lease;
    this.client = lease.client();
    this.stats = stats;
  }

  RemoteStats stats() {
    return stats;
  }

  /** Bytes the last batch counted against its allocator while its requests were out (tests). */
  long lastReserved() {
    return lastReserved;
  }

  RemoteClient client() {
    return client;
  }

  @Override
  public VectorSchemaRoot apply(VectorSchemaRoot input, BufferAllocator allocator)
      throws Exception {
    if (down != null && System.nanoTime() - downUntil < 0) {
      throw new EndpointsUnavailableException(
          "no request sent, the endpoints failed "
              + (downForNanos - (downUntil - System.nanoTime())) / 1_000_000
              + " ms ago: "
              + down.getMessage());
    }
    int rows = input.getRowCount();
    String[] keys = op.inputs(input);
    Object[] values = new Object[rows];
    Rejection[] rejected = new Rejection[rows];
    List<Integer> todo = new ArrayList<>();
    for (int r = 0; r < rows; r++) {
      if (keys[r] == null) {
        continue;
      }
      Object known = memo.get(keys[r]);
      if (known instanceof Rejection rej) {
        rejected[r] = rej;
      } else if (known != null) {
        values[r] = known;
      } else {
        todo.add(r);
      }
    }
    try (BatchReservation held =
        new BatchReservation(allocator)) { // the batch's bodies, in the memory budget
      return send(input, keys, values, rejected, todo, held, allocator);
    }
  }

  private VectorSchemaRoot send(
      VectorSchemaRoot input,
      String[] keys,
      Object[] values,
      Rejection[] rejected,
      List<Integer> todo,
      BatchReservation held,
      BufferAllocator allocator) {
    int rows = input.getRowCount();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    List<CompletableFuture<Void>> calls = new ArrayList<>();
    int per = op.maxInputsPerRequest();
    for (int from = 0; from < todo.size(); from += per) {
      calls.add(
          call(
              todo.subList(from, Math.min(todo.size(), from + per)),
              keys,
              values,
              rejected,
              failure,
              true,
              held));
    }
    CompletableFuture.allOf(calls.toArray(new CompletableFuture[0])).join();
    lastReserved = held.counted();
    if (failure.get() != null) {
      Throwable t = failure.get();
      if (t instanceof EndpointsUnavailableException e) {
        down = e;
        downUntil = System.nanoTime() + downForNanos;
      }
      throw t instanceof SluiceException s ? s : new SluiceException("remote call failed: " + t, t);
    }
    int bad = 0;
    int first = -1;
    for (int r = 0; r < rows; r++) {
      if (rejected[r] != null) {
        bad++;
        first = first < 0 ? r : first;
      }
    }
    if (bad > 0) {
      remember(keys, values, rejected);
      Rejection f = rejected[first];
      throw new RowRejectedException(
          bad == 1 && rows == 1
              ? f.message()
              : bad + " of " + rows + " rows were rejected; row " + first + ": " + f.message(),
          f.status());
    }
    return ColumnAppender.replaceOrAppend(input, op.columns(values, rows, allocator), allocator);
  }

  /**
   * Sends {@code idx}'s inputs in one request; a rejected multi-row request is split in halves.
   * {@code mayWait}: on the actor thread, waits for room under the stage's in-flight byte bound; a
   * callback splitting a request does not wait (the halves replace bytes already held).
   */
  private CompletableFuture<Void> call(
      List<Integer> idx,
      String[] keys,
      Object[] values,
      Rejection[] rejected,
      AtomicReference<Throwable> failure,
      boolean mayWait,
      BatchReservation held) {
    List<String> inputs = new ArrayList<>(idx.size());
    for (int r : idx) {
      inputs.add(keys[r]);
    }
    CompletableFuture<JsonNode> sent;
    try {
      byte[] body = op.body(inputs, model);
      held.add(body.length);
      sent = client.submit(body, op.estimatedTokens(inputs), stats, mayWait, held::add);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      failure.compareAndSet(null, e);
      return CompletableFuture.completedFuture(null);
    } catch (Exception e) {
      failure.compareAndSet(null, e);
      return CompletableFuture.completedFuture(null);
    }
    return sent.handle(
            (resp, err) -> {
              if (err == null) {
                try {
                  List<Object> out = op.parse(resp, idx.size());
                  for (int k = 0; k < idx.size(); k++) {
                    values[idx.get(k)] = out.get(k);
                  }
                } catch (
                    RowRejectedException
                        unfit) { // an answer that does not fit the row (structured output)
                  if (idx.size() == 1) {
                    rejected[idx.get(0)] = new Rejection(unfit.getMessage(), unfit.status());
                    stats.count("unparsable_responses");
                  } else {
                    failure.compareAndSet(null, unfit);
                  }
                } catch (RuntimeException bad) {
                  failure.compareAndSet(null, bad);
                }
                return CompletableFuture.<Void>completedFuture(null);
              }
              if (err instanceof RowRejectedException rej) {
                if (idx.size() > 1) {
                  int half = idx.size() / 2;
                  return CompletableFuture.allOf(
                      call(idx.subList(0, half), keys, values, rejected, failure, false, held),
                      call(
                          idx.subList(half, idx.size()),
                          keys,
                          values,
                          rejected,
                          failure,
                          false,
                          held));
                }
                rejected[idx.get(0)] = new Rejection(rej.getMessage(), rej.status());
              } else {
                failure.compareAndSet(null, err);
              }
              return CompletableFuture.<Void>completedFuture(null);
            })
        .thenCompose(f -> f);
  }

  private void remember(String[] keys, Object[] values, Rejection[] rejected) {
    memoCapacity = Math.max(memoCapacity, 2 * keys.length);
    for (int r = 0; r < keys.length; r++) {
      if (keys[r] != null && (values[r] != null || rejected[r] != null)) {
        memo.put(keys[r], rejected[r] != null ? rejected[r] : values[r]);
      }
    }
  }

  /**
   * Requests, retries by cause, latency buckets, tokens, and requests per endpoint and responses
   * per status of this actor, for the job's stats.
   */
  @Override
  public Map<String, Long> counters() {
    Map<String, Long> m = new LinkedHashMap<>(stats.snapshot().counters());
    m.putAll(stats.named());
    return m;
  }

  /** Gives the stage's shared client back; the last actor to close it closes it. */
  @Override
  public void close() {
    lease.close();
  }
}
