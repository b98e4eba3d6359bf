package io.sluice.executor.op;

import io.sluice.api.Compute;
import io.sluice.api.OperatorException;
import io.sluice.api.udf.BatchUdf;
import io.sluice.api.udf.UdfContext;
import io.sluice.api.udf.UdfFactory;
import java.util.ArrayList;
import java.util.List;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A stateful transform on a pool of actors, each with its own UDF instance built once (a model
 * session), pinned to its GPU ids. Input blocks are re-cut into batches of exactly
 * {@code batchSize} rows. The pool starts {@code min} actors and adds one at a time, up to
 * {@code max}, while at least two full batches wait and every actor is busy.
 */
public final class ActorPoolOperator extends AbstractOperator {

  private static final Logger LOG = LoggerFactory.getLogger(ActorPoolOperator.class);

  private final UdfFactory factory;
  private final Compute.Actors compute;
  private final Rebatcher rebatcher;
  private final List<Actor> actors = new ArrayList<>();
  private int maxActors;
  private long nextSeq;
  private long inBytesDone;
  private long outBytesDone;

  public ActorPoolOperator(String name, UdfFactory factory, Compute.Actors compute) {
    super(name, 1);
    this.factory = factory;
    this.compute = compute;
    this.rebatcher = new Rebatcher(compute.batchSize());
  }

  @Override
  public void start(OperatorContext context) {
    super.start(context);
    GpuPool.validate(name(), compute.gpus(), compute.minActors(), context.options().gpuSlots());
    maxActors = Math.max(compute.minActors(), Math.min(compute.maxActors(), context.gpus().capacityFor(compute.gpus())));
    for (int i = 0; i < compute.minActors(); i++) {
      if (!startActor()) {
        throw new IllegalStateException("no GPU left for actor " + i + " of '" + name() + "'");
      }
    }
  }

  /** Number of actors started so far. */
  public int actorCount() {
    return actors.size();
  }

  private boolean startActor() {
    int[] ids = ctx.gpus().acquire(compute.gpus());
    if (ids == null) {
      return false;
    }
    UdfContext uc = new UdfContext(name(), actors.size(), compute.cpus(), ids, compute.gpus());
    Actor[] self = new Actor[1];
    self[0] = new Actor(uc, factory,
        () -> ctx.post(() -> {
          if (self[0].state == Actor.State.STARTING) {
            self[0].state = Actor.State.IDLE;
          }
        }),
        t -> ctx.post(() -> {
          self[0].state = Actor.State.FAILED;
          ctx.fail(new OperatorException(name(), "actor " + uc.workerIndex() + " (" + uc
              + ") could not be started: its UDF constructor failed: " + t.getMessage(), t));
        }));
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
  }

  @Override
  public BlockingReason blocked() {
    if (cancelled) {
      return BlockingReason.DONE;
    }
    if (!rebatcher.ready(allInputsDone())) {
      return allInputsDone() ? BlockingReason.DONE : BlockingReason.WAITING_FOR_INPUT;
    }
    if (idleActor() != null) {
      return BlockingReason.NOT_BLOCKED;
    }
    maybeScaleUp();
    return BlockingReason.WAITING_FOR_ACTOR;
  }

  private void maybeScaleUp() {
    boolean starting = actors.stream().anyMatch(a -> a.state == Actor.State.STARTING);
    if (!starting && actors.size() < maxActors && rebatcher.rows() >= 2L * compute.batchSize()) {
      if (startActor()) {
        LOG.debug("{}: scaled up to {} actors", name(), actors.size());
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

  @Override
  public double taskCpus() {
    return compute.cpus();
  }

  @Override
  public long estimatedTaskOutputBytes() {
    long in = rebatcher.rows() == 0 ? 0
        : rebatcher.bytes() * Math.min(compute.batchSize(), rebatcher.rows()) / rebatcher.rows();
    return inBytesDone == 0 ? in : (long) (in * ((double) outBytesDone / inBytesDone));
  }

  @Override
  public void dispatch() {
    Actor actor = idleActor();
    VectorSchemaRoot batch = rebatcher.next(ctx.allocator());
    long seq = nextSeq++;
    actor.state = Actor.State.BUSY;
    running++;
    long start = System.nanoTime();
    metrics.taskStarted(start);
    actor.send(udf -> runBatch(actor, seq, batch, udf, start));
  }

  /** Runs on the actor's thread. */
  private void runBatch(Actor actor, long seq, VectorSchemaRoot batch, BatchUdf udf, long start) {
    long inBytes = io.sluice.api.arrow.Batches.bytes(batch);
    int rows = batch.getRowCount();
    long[] outBytes = {0};
    BlockBuilder out = new BlockBuilder(ctx.options().targetBlockBytes(), ctx.allocator(), b -> {
      outBytes[0] += b.bytes();
      ctx.post(() -> onTaskOutput(seq, b));
    });
    try {
      VectorSchemaRoot result = cancelled ? null : udf.apply(batch, ctx.allocator());
      if (result != batch) {
        batch.close();
      }
      if (result != null) {
        out.add(result);
      }
      out.flush();
      ctx.post(() -> {
        actor.state = Actor.State.IDLE;
        running--;
        inBytesDone += inBytes;
        outBytesDone += outBytes[0];
        metrics.taskDone(start, System.nanoTime());
        output.complete(seq);
      });
    } catch (Throwable t) {
      batch.close();
      out.discard();
      ctx.post(() -> {
        actor.state = Actor.State.IDLE;
        running--;
        ctx.fail(failure("actor " + actor.context().workerIndex() + ", batch " + seq + " (" + rows + " rows)", t));
      });
    }
  }

  @Override
  public boolean isFinished() {
    return (cancelled || (allInputsDone() && rebatcher.rows() == 0)) && running == 0 && output.isEmpty();
  }

  @Override
  public void cancel() {
    super.cancel();
    rebatcher.clear();
  }

  @Override
  public long queuedInputBytes() {
    return rebatcher.bytes();
  }

  @Override
  public String describeState() {
    StringBuilder sb = new StringBuilder();
    sb.append(rebatcher.rows()).append(" rows queued (").append(rebatcher.bytes()).append(" B), actors [");
    for (int i = 0; i < actors.size(); i++) {
      sb.append(i == 0 ? "" : ", ").append(actors.get(i).state);
    }
    return sb.append("]").toString();
  }

  @Override
  public void close() {
    cancel();
    for (Actor a : actors) {
      a.stop();
    }
    for (Actor a : actors) {
      try {
        a.join(60_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      ctx.gpus().release(a.context().gpuIds(), compute.gpus());
    }
    actors.clear();
  }
}
