package io.sluice.executor.op;

import io.sluice.api.Compute;
import io.sluice.api.JobStats;
import io.sluice.api.JobStats.ActorState;
import io.sluice.api.OperatorException;
import io.sluice.api.arrow.Batches;
import io.sluice.api.udf.BatchUdf;
import io.sluice.api.udf.UdfContext;
import io.sluice.api.udf.UdfFactory;
import io.sluice.executor.fault.AttemptRunner;
import io.sluice.operators.core.GpuPool;
import io.sluice.operators.fault.DeadLetter;
import io.sluice.operators.fault.Failures;
import io.sluice.operators.fault.Isolation;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stateful transform on a pool of actors, each with its own UDF instance built once (a model
 * session), pinned to its GPU ids. Input blocks are re-cut into batches of exactly {@code
 * batchSize} rows. The pool starts {@code min} actors and adds one at a time, up to {@code max},
 * while at least two full batches wait and every actor is busy.
 *
 * <p>Failures (what happens to a batch is the {@link AttemptRunner}'s verdict): a batch that throws
 * is re-queued (to any actor) until its retries run out, then isolated row by row when the job
 * skips errors, else the job fails; a plan error fails at once. An actor that dies (an error or an
 * interrupt ends its thread), or fails two different batches in a row (a broken session rather than
 * bad data, which fails the same batch everywhere), is torn down and rebuilt, up to {@code
 * maxActorRestarts} per pool; its in-flight batch is re-queued, so nothing is lost.
 */
public final class ActorPoolOperator extends AbstractOperator {

  private static final Logger LOG = LoggerFactory.getLogger(ActorPoolOperator.class);
  private static final int FAILURES_BEFORE_RESTART = 2;

  /** A batch on its way through the pool; {@code data} is owned by the pool until it succeeds. */
  private record Pending(
      long seq, VectorSchemaRoot data, String split, int attempt, boolean isolate) {}

  private final UdfFactory factory;
  private final UdfHeapMeter heap = new UdfHeapMeter();
  private final Compute.Actors compute;
  private final Rebatcher rebatcher;
  private final List<Actor> actors = new ArrayList<>();
  private final Map<Actor, Pending> inFlight = new HashMap<>();

  /** Per actor: the last batch it failed and how many different batches it failed in a row. */
  private final Map<Actor, long[]> consecutiveFailures = new HashMap<>();

  private final ArrayDeque<Pending> retries = new ArrayDeque<>();
  private int maxActors;
  private int restarts;
  private long nextSeq;

  public ActorPoolOperator(String name, UdfFactory factory, Compute.Actors compute) {
    super(new OperatorSpec(name, compute.cpus(), compute.gpus(), 1, false));
    this.factory = heap.wrap(factory);
    this.compute = compute;
    this.rebatcher = new Rebatcher(compute);
  }

  @Override
  public void start(OperatorContext context) {
    super.start(context);
    GpuPool.validate(name(), compute.gpus(), compute.minActors(), context.gpus().devices());
    maxActors =
        Math.max(
            compute.minActors(),
            Math.min(compute.maxActors(), context.gpus().capacityFor(compute.gpus())));
    // GPUs are shared with the backend's other jobs: actors that find none free now start later,
    // as other stages give theirs back (maybeScaleUp), instead of failing the job.
    for (int i = 0; i < compute.minActors() && startActor(); i++) {
      // started
    }
  }

  @Override
  public void inputDone(int port) {
    super.inputDone(port);
    releaseIfFinished();
  }

  /**
   * A stage with nothing left to run stops its actors and gives their GPUs back at once, so the
   * backend's other stages and jobs can use them before this job ends.
   */
  private void releaseIfFinished() {
    if (cancelled
        || !allInputsDone()
        || rebatcher.rows() > 0
        || !retries.isEmpty()
        || running > 0) {
      return;
    }
    for (Actor a : actors) {
      if (a.state.live()) {
        a.stop();
        ctx.gpus().release(a.context().gpuIds(), compute.gpus());
        a.state = Actor.State.STOPPED;
      }
    }
  }

  /** Actors alive now. */
  public int liveActors() {
    return (int) actors.stream().filter(a -> a.state.live()).count();
  }

  private boolean startActor() {
    int[] ids = ctx.gpus().acquire(compute.gpus());
    if (ids == null) {
      return false;
    }
    UdfContext uc =
        new UdfContext(
            name(), actors.size(), compute.cpus(), ids, compute.gpus(), ctx.udfResources());
    Actor[] self = new Actor[1];
    self[0] =
        new Actor(
            uc,
            factory,
            () ->
                ctx.post(
                    () -> {
                      if (self[0].state == Actor.State.STARTING) {
                        self[0].state = Actor.State.IDLE;
                        changed();
                      }
                    }),
            t ->
                ctx.post(
                    () -> {
                      retire(self[0]);
                      ctx.fail(
                          new OperatorException(
                              name(),
                              "actor "
                                  + uc.workerIndex()
                                  + " ("
                                  + uc
                                  + ") could not be started: its UDF constructor failed: "
                                  + t.getMessage(),
                              t));
                    }),
            t -> ctx.post(() -> onActorDied(self[0], t)));
    actors.add(self[0]);
    self[0].start();
    return true;
  }

  @Override
  public void addInput(int port, Block block) {
    if (cancelled) {
      block.close();
      return;
    }
    metrics.input(block);
    rebatcher.add(block);
    changed();
  }

  private boolean hasWork() {
    return !retries.isEmpty() || rebatcher.ready(allInputsDone());
  }

  @Override
  public Blocked blocked() {
    if (cancelled) {
      return Blocked.DONE;
    }
    if (!hasWork()) {
      return allInputsDone() && inFlight.isEmpty()
          ? Blocked.DONE
          : blockedBy(BlockingReason.WAITING_FOR_INPUT);
    }
    return idleActor() != null ? Blocked.NOT_BLOCKED : blockedBy(BlockingReason.WAITING_FOR_ACTOR);
  }

  /**
   * Adds an actor while work waits, every actor is busy and none is starting (up to the maximum).
   */
  @Override
  public void onTurn() {
    if (cancelled || !hasWork() || idleActor() != null) {
      return;
    }
    boolean starting = actors.stream().anyMatch(a -> a.state == Actor.State.STARTING);
    // actors.size() < minActors: the first actors found no free GPU at start (another job held
    // them)
    if (!starting
        && (actors.size() < compute.minActors()
            || liveActors() < maxActors && rebatcher.rows() >= 2L * rebatcher.batchRows())) {
      if (startActor()) {
        LOG.debug("{}: scaled up to {} actors", name(), liveActors());
      }
    }
  }

  private Actor idleActor() {
    for (Actor a : actors) {
      if (a.state == Actor.State.IDLE) {
        return a;
      }
    }
    return null;
  }

  /** One batch's share of the queued bytes. */
  @Override
  protected long nextTaskInputBytes() {
    return rebatcher.rows() == 0
        ? 0
        : rebatcher.bytes() * Math.min(rebatcher.batchRows(), rebatcher.rows()) / rebatcher.rows();
  }

  @Override
  public void nextTask(long maxInputBytes) {
    Actor actor = idleActor();
    Pending p;
    if (retries.isEmpty()) {
      String split = rebatcher.headSplit();
      p = new Pending(nextSeq++, rebatcher.next(ctx.allocator()), split, 0, false);
    } else {
      p = retries.poll();
    }
    actor.state = Actor.State.BUSY;
    inFlight.put(actor, p);
    running++;
    long start = System.nanoTime();
    actor.batchSinceNanos = start;
    metrics.taskStarted(start);
    actor.send(udf -> runBatch(actor, p, udf, start));
  }

  /**
   * Runs on the actor's thread. An {@link Error} escaping from here kills the actor; so does an
   * interrupt, which ends the call and is passed on to the actor's thread.
   */
  private void runBatch(Actor actor, Pending p, BatchUdf udf, long start)
      throws InterruptedException {
    long inBytes = Batches.bytes(p.data());
    long[] outBytes = {0};
    BlockBuilder out =
        new BlockBuilder(
            ctx.options().blocks().targetBytes(),
            ctx.allocator(),
            b -> {
              outBytes[0] += b.bytes();
              ctx.post(() -> onTaskOutput(p.seq(), b));
            },
            p.split());
    try {
      List<DeadLetter> skipped = List.of();
      if (p.isolate()) {
        Isolation.Outcome o =
            Isolation.run(
                udf, p.data(), ctx.allocator(), name(), "batch " + p.seq(), p.attempt() + 1);
        o.outputs().forEach(out::add);
        skipped = o.failed();
        out.flush();
        p.data().close();
      } else {
        VectorSchemaRoot result = cancelled ? null : udf.apply(p.data(), ctx.allocator());
        if (result != null) {
          out.add(result);
        }
        out.flush();
        if (result != p.data()) {
          p.data().close();
        }
      }
      List<DeadLetter> dead = skipped;
      Map<String, Long> counters = countersOf(udf);
      ctx.post(
          () -> {
            metrics.udfCounters(actor.context().workerIndex(), counters);
            onBatchDone(actor, p, start, inBytes, outBytes[0], dead);
          });
    } catch (Exception e) {
      out.discard();
      if (Failures.kind(e) == Failures.Kind.INTERRUPTED) {
        Thread.currentThread().interrupt();
        throw e instanceof InterruptedException ie ? ie : new InterruptedException(e.toString());
      }
      Map<String, Long> counters = countersOf(udf);
      ctx.post(
          () -> {
            metrics.udfCounters(actor.context().workerIndex(), counters);
            onBatchFailed(actor, p, e);
          });
    }
  }

  /** The UDF's counters, read on its actor's thread; a UDF whose counters fail counts nothing. */
  private static Map<String, Long> countersOf(BatchUdf udf) {
    try {
      return udf.counters();
    } catch (RuntimeException e) {
      return Map.of();
    }
  }

  private void onBatchDone(
      Actor actor, Pending p, long start, long inBytes, long outBytes, List<DeadLetter> dead) {
    inFlight.remove(actor);
    actor.batchSinceNanos = -1;
    actor.batchesDone++;
    consecutiveFailures.remove(actor);
    if (actor.state == Actor.State.BUSY) {
      actor.state = Actor.State.IDLE;
    }
    running--;
    changed();
    metrics.taskDone(start, System.nanoTime(), inBytes, outBytes);
    metrics.skippedRows(dead.size());
    output.complete(p.seq());
    if (!dead.isEmpty()) {
      ctx.attempts().record(dead); // throws (failing the job) when over budget
    }
    releaseIfFinished();
  }

  private void onBatchFailed(Actor actor, Pending p, Exception e) {
    inFlight.remove(actor);
    actor.batchSinceNanos = -1;
    running--;
    changed();
    long[] f = consecutiveFailures.computeIfAbsent(actor, a -> new long[] {-1, 0});
    if (f[0] != p.seq()) {
      f[0] = p.seq();
      f[1]++;
    }
    if (f[1] >= FAILURES_BEFORE_RESTART || p.isolate()) {
      restart(actor, e);
    } else if (actor.state == Actor.State.BUSY) {
      actor.state = Actor.State.IDLE;
    }
    requeueOrGiveUp(p, e, false);
  }

  private void onActorDied(Actor actor, Throwable t) {
    LOG.warn("{}: actor {} died: {}", name(), actor.context(), t.toString());
    Pending p = inFlight.remove(actor);
    actor.batchSinceNanos = -1;
    if (p != null) {
      running--;
    }
    changed();
    restart(actor, t);
    if (p != null) {
      requeueOrGiveUp(p, t, true);
    }
  }

  /**
   * Asks the attempt runner what becomes of a failed batch: another attempt (on any actor; a dead
   * actor's batch goes to a fresh one), an isolation pass over its rows, or the job fails.
   */
  private void requeueOrGiveUp(Pending p, Throwable e, boolean actorDied) {
    if (cancelled) {
      p.data().close();
      return;
    }
    AttemptRunner.Verdict v =
        actorDied
            ? ctx.attempts().afterActorDeath(p.attempt())
            : p.isolate() ? AttemptRunner.Verdict.FAIL : ctx.attempts().verdict(e, p.attempt());
    if (v == AttemptRunner.Verdict.FAIL) {
      int rows = p.data().getRowCount();
      p.data().close();
      ctx.fail(
          AttemptRunner.describe(
              name(), "batch " + p.seq() + " (" + rows + " rows)", e, p.attempt() + 1));
      return;
    }
    if (v == AttemptRunner.Verdict.RETRY) {
      metrics.retries(1);
    }
    retries.add(
        new Pending(
            p.seq(),
            p.data(),
            p.split(),
            p.attempt() + 1,
            p.isolate() || v == AttemptRunner.Verdict.ISOLATE));
  }

  /** Tears an actor down and, while the restart budget lasts, starts a replacement. */
  private void restart(Actor actor, Throwable cause) {
    retire(actor);
    if (restarts >= ctx.options().retries().maxActorRestarts()) {
      if (liveActors() == 0) {
        ctx.fail(
            new OperatorException(
                name(),
                "no actor left: all "
                    + ctx.options().retries().maxActorRestarts()
                    + " restarts (maxActorRestarts) are used; last failure: "
                    + cause,
                cause));
      }
      return;
    }
    restarts++;
    metrics.actorRestarted();
    if (startActor()) {
      actors.get(actors.size() - 1).restarts = actor.restarts + 1;
    }
  }

  private void retire(Actor actor) {
    if (actor.state.live()) {
      actor.stop();
      ctx.gpus().release(actor.context().gpuIds(), compute.gpus());
    }
    actor.state = Actor.State.FAILED;
    consecutiveFailures.remove(actor);
  }

  @Override
  public boolean isFinished() {
    return (cancelled || (allInputsDone() && rebatcher.rows() == 0 && retries.isEmpty()))
        && running == 0
        && output.isEmpty();
  }

  @Override
  public void cancel() {
    super.cancel();
    rebatcher.clear();
    retries.forEach(p -> p.data().close());
    retries.clear();
  }

  @Override
  protected long queuedInputBytes() {
    return rebatcher.bytes();
  }

  @Override
  protected List<ActorState> actors() {
    List<ActorState> out = new ArrayList<>();
    long now = System.nanoTime();
    for (Actor a : actors) {
      UdfContext c = a.context();
      String device =
          c.gpuIds().length == 0
              ? "cpu"
              : "gpu:"
                  + Arrays.stream(c.gpuIds())
                      .mapToObj(Integer::toString)
                      .collect(Collectors.joining(","));
      long age = a.batchSinceNanos < 0 ? -1 : (now - a.batchSinceNanos) / 1_000_000L;
      out.add(
          new ActorState(
              c.workerIndex(),
              a.state.name().toLowerCase(Locale.ROOT),
              c.cpus(),
              device,
              a.batchesDone,
              a.restarts,
              age));
    }
    return out;
  }

  @Override
  protected Optional<JobStats.UdfHeap> udfHeap() {
    return heap.snapshot();
  }

  @Override
  protected String describeState() {
    StringBuilder sb = new StringBuilder();
    sb.append(rebatcher.rows())
        .append(" rows queued (")
        .append(rebatcher.bytes())
        .append(" B), ")
        .append(retries.size())
        .append(" batches to retry, ")
        .append(restarts)
        .append(" restarts, actors [");
    for (int i = 0; i < actors.size(); i++) {
      sb.append(i == 0 ? "" : ", ").append(actors.get(i).state);
    }
    return sb.append("]").toString();
  }

  @Override
  public void close() {
    cancel();
    for (Actor a : actors) {
      if (a.state.live()) {
        a.stop();
        ctx.gpus().release(a.context().gpuIds(), compute.gpus());
        a.state = Actor.State.STOPPED;
      }
    }
    for (Actor a : actors) {
      try {
        a.join(60_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    inFlight.values().forEach(p -> p.data().close());
    inFlight.clear();
  }
}
