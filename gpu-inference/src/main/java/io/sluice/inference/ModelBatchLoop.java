package io.sluice.inference;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.sluice.api.SluiceException;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * Runs one window's model batches through a session. With overlap, a helper thread prepares batch
 * k+1's tensors (Arrow -> direct buffers) and converts batch k-1's outputs while the session runs
 * batch k, alternating between two {@link TensorSlot}s; the helper is a single FIFO thread, so
 * "convert k-1" always finishes before "prepare k+1" reuses its slot. Without overlap the same
 * steps run inline on the session thread, which is then idle while they run.
 *
 * <p>Call-order rules: {@link #run} from the actor's thread only (calls never overlap, as {@link
 * io.sluice.api.udf.BatchUdf} promises); {@link #close()} once. After {@link #run} returns or
 * throws, the helper has finished every step of the window and all tensors are freed.
 */
final class ModelBatchLoop implements AutoCloseable {

  /** Stack for threads that call into ONNX Runtime: 1.29 recurses past the JVM's default 1 MiB. */
  static final long THREAD_STACK = 4L << 20;

  private final OnnxModelSpec spec;
  private final SessionLease lease;
  private final TensorSlot[] slots;
  private final ExecutorService helper;
  private final InferenceStats stats;

  ModelBatchLoop(
      OnnxModelSpec spec, ModelMetadata metadata, SessionLease lease, InferenceStats stats) {
    this.spec = spec;
    this.lease = lease;
    this.stats = stats;
    boolean overlap = spec.batching.overlap();
    this.slots = new TensorSlot[overlap ? 2 : 1];
    for (int i = 0; i < slots.length; i++) {
      slots[i] = new TensorSlot(spec, metadata, OrtEnv.get());
    }
    this.helper =
        overlap
            ? Executors.newSingleThreadExecutor(
                r -> {
                  Thread t = new Thread(null, r, "sluice-onnx-prep", THREAD_STACK);
                  t.setDaemon(true);
                  return t;
                })
            : null;
  }

  /** The slot whose input bridge measures windows (any slot: measuring is stateless). */
  TensorSlot first() {
    return slots[0];
  }

  /**
   * Runs every batch of {@code plan} over {@code window}, writing outputs into {@code sink}. The
   * session's idle time before each run (waiting for tensors, or preparing them inline) goes to
   * {@link InferenceStats} as wait time.
   */
  void run(VectorSchemaRoot window, BatchPlan plan, WindowOutputs sink) {
    int n = plan.batches();
    if (n == 0) {
      return;
    }
    Future<?>[] steps = new Future<?>[2 * n];
    int submitted = 0;
    OrtSession session = lease.session();
    TensorSlot current = null;
    try {
      long idleSince = System.nanoTime();
      Future<?> next = submit(prepare(window, plan, 0));
      steps[submitted++] = next;
      for (int b = 0; b < n; b++) {
        current = slots[b % slots.length];
        await(next);
        if (b + 1 < n && helper != null) {
          next = submit(prepare(window, plan, b + 1));
          steps[submitted++] = next;
        }
        long runStart = System.nanoTime();
        current.run(session);
        long runEnd = System.nanoTime();
        long padded = (long) current.rows() * current.length();
        stats.batch(
            current.rows(), current.tokens(), padded, runEnd - runStart, runStart - idleSince);
        idleSince = runEnd;
        TensorSlot done = current;
        steps[submitted++] =
            submit(
                () -> {
                  done.convert(sink);
                  return null;
                });
        if (b + 1 < n && helper == null) {
          next = submit(prepare(window, plan, b + 1));
          steps[submitted++] = next;
        }
      }
      for (int i = 0; i < submitted; i++) {
        await(steps[i]);
      }
    } catch (RuntimeException | OrtException | Error e) {
      drain(steps, submitted);
      for (TensorSlot s : slots) {
        s.release();
      }
      if (e instanceof Error err && !(e instanceof OutOfMemoryError)) {
        throw err; // kills the actor, as the executor expects of errors
      }
      throw wrap(e, current);
    }
  }

  private Callable<Void> prepare(VectorSchemaRoot window, BatchPlan plan, int b) {
    TensorSlot slot = slots[b % slots.length];
    return () -> {
      slot.prepare(window, plan, b, lease.device());
      return null;
    };
  }

  private Future<?> submit(Callable<Void> step) {
    if (helper != null) {
      return helper.submit(step);
    }
    try {
      step.call();
      return CompletableFuture.completedFuture(null);
    } catch (Exception e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /** Waits for a step; its failure is rethrown as it was thrown on the helper. */
  private static void await(Future<?> step) throws OrtException {
    try {
      step.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SluiceException("interrupted while waiting for tensor preparation", e);
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof OrtException o) {
        throw o;
      }
      if (c instanceof RuntimeException r) {
        throw r;
      }
      if (c instanceof Error err) {
        throw err;
      }
      throw new SluiceException(c.getMessage(), c);
    }
  }

  /**
   * Waits for every submitted step, ignoring failures, so no helper step outlives the window (the
   * slots' tensors are freed next). Uninterruptible: steps take milliseconds, and returning early
   * would free tensors the helper is still writing.
   */
  private static void drain(Future<?>[] steps, int submitted) {
    boolean interrupted = false;
    for (int i = 0; i < submitted; i++) {
      while (true) {
        try {
          steps[i].get();
          break;
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (ExecutionException e) {
          break; // the first failure is the one reported
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private RuntimeException wrap(Throwable e, TensorSlot slot) {
    if (e instanceof SluiceException s) {
      return s;
    }
    String model = spec.model.toString();
    int rows = slot == null ? 0 : slot.rows();
    int length = slot == null ? 0 : slot.length();
    if (InferenceErrors.isAllocationFailure(e)) {
      return InferenceErrors.batchTooLarge(
          model,
          lease.device(),
          rows,
          length,
          slot == null ? 0 : slot.bytes(),
          "more than could be allocated",
          spec.batching.modelBatchSize() > 0,
          e);
    }
    return InferenceErrors.runFailed(model, lease.device(), rows, length, e);
  }

  @Override
  public void close() {
    if (helper != null) {
      helper.shutdownNow();
    }
    for (TensorSlot s : slots) {
      s.release();
    }
  }
}
