package io.sluice.executor.op;

import io.sluice.api.udf.BatchUdf;
import io.sluice.api.udf.UdfContext;
import io.sluice.api.udf.UdfFactory;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;
import org.slf4j.LoggerFactory;

/**
 * A long-lived worker of an actor pool: one thread that builds its own UDF instance once, then runs
 * the batches it is sent, one at a time. It holds no engine state, so any batch can go to any
 * actor.
 *
 * <p>Call-order rules: {@link #start} once; {@link #send} only while {@link #state()} is IDLE (the
 * pool tracks this on the loop thread); {@link #stop} once at the end, then {@link #join}.
 */
final class Actor {

  enum State {
    STARTING,
    IDLE,
    BUSY,
    STOPPED,
    FAILED;

    boolean live() {
      return this == STARTING || this == IDLE || this == BUSY;
    }
  }

  /** Work for the actor thread; runs with the actor's UDF instance. */
  interface Work {
    void run(BatchUdf udf) throws Exception;
  }

  private static final Work STOP = udf -> {};

  private final UdfContext context;
  private final UdfFactory factory;
  private final LinkedBlockingQueue<Work> mailbox = new LinkedBlockingQueue<>();
  private final Thread thread;
  private final Consumer<Throwable> onDeath;

  /** Changed on the loop thread only. */
  State state = State.STARTING;

  /** Batches this actor completed; loop thread only. */
  long batchesDone;

  /**
   * When its current batch was sent ({@link System#nanoTime}), or -1 while it has none; loop thread
   * only.
   */
  long batchSinceNanos = -1;

  /**
   * Actors this one's line replaced: 0 for a first actor, its predecessor's plus one for a
   * replacement.
   */
  int restarts;

  /**
   * @param onReady runs on the actor thread once the UDF is built
   * @param onStartFailure runs on the actor thread if building the UDF failed
   * @param onDeath runs on the actor thread if work escaped with an error (or an interrupt) and
   *     killed it
   */
  Actor(
      UdfContext context,
      UdfFactory factory,
      Runnable onReady,
      Consumer<Throwable> onStartFailure,
      Consumer<Throwable> onDeath) {
    this.context = context;
    this.factory = factory;
    this.onDeath = onDeath;
    // 4 MiB of stack: native libraries UDFs load (ONNX Runtime 1.29 creating its environment)
    // recurse deeper than the JVM's default 1 MiB allows.
    this.thread =
        new Thread(
            null,
            () -> loop(onReady, onStartFailure),
            "sluice-actor-" + context.operator() + "-" + context.workerIndex(),
            4L << 20);
    this.thread.setDaemon(true);
  }

  UdfContext context() {
    return context;
  }

  State state() {
    return state;
  }

  void start() {
    thread.start();
  }

  void send(Work work) {
    mailbox.add(work);
  }

  void stop() {
    mailbox.add(STOP);
  }

  void join(long millis) throws InterruptedException {
    thread.join(millis);
  }

  private void loop(Runnable onReady, Consumer<Throwable> onStartFailure) {
    BatchUdf udf;
    try {
      udf = factory.create(context);
    } catch (Throwable t) {
      onStartFailure.accept(t);
      return;
    }
    Throwable death = null;
    try {
      onReady.run();
      while (true) {
        Work w = mailbox.take();
        if (w == STOP) {
          return;
        }
        w.run(udf); // Work reports its own exceptions; what escapes kills the actor
      }
    } catch (Throwable t) { // an interrupt too: the thread ends, so the pool must hear of it
      if (t instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      death = t;
    } finally {
      try {
        udf.close();
      } catch (Exception e) {
        LoggerFactory.getLogger(Actor.class).warn("closing UDF of {} failed", context, e);
      }
      if (death != null) {
        onDeath.accept(death);
      }
    }
  }
}
