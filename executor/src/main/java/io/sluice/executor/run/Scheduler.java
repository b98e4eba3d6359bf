package io.sluice.executor.run;

import io.sluice.executor.op.Blocked;
import io.sluice.executor.op.BlockingReason;
import io.sluice.executor.op.OperatorSpec;
import io.sluice.executor.op.OperatorStatsView;
import io.sluice.executor.op.PhysicalOperator;
import io.sluice.executor.resource.CpuSlots;
import io.sluice.executor.resource.JobResources;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The decisions of one control-loop turn, in this order: {@link #advance()} gives every operator
 * its per-turn hook; {@link #route()} moves finished outputs to their consumers and propagates
 * completion and cancellation; {@link #schedule()} starts tasks while CPU slots and every {@link
 * BackpressurePolicy} allow. It remembers why it held each ready operator (slot, memory, output
 * space), so {@link #whyBlocked} can say it without asking again. Liveness rule: when nothing runs,
 * no block waits for the caller's consumer, and the only eligible operators are held back by
 * memory, the first of them in scheduling order (the most downstream holding the least) runs
 * anyway. Loop thread only.
 */
final class Scheduler {

  private static final Logger LOG = LoggerFactory.getLogger(Scheduler.class);

  private final String jobId;
  private final JobGraph graph;

  /** The job's lease on the backend's CPU slots (shared with its other jobs) and memory budget. */
  private final JobResources lease;

  private final List<BackpressurePolicy> policies;
  private final JobView view;
  private final MemoryLedger ledger;
  private final OperatorSpec[] specs;
  private final OperatorStatsView[] stats;
  private final int[][] producers;
  private final boolean[] doneSent;
  private final boolean[] upstreamSettled;

  /**
   * Per operator: what held it in the latest scheduling pass when it was ready; NOT_BLOCKED
   * otherwise.
   */
  private final BlockingReason[] held;

  private boolean livenessWarned;
  private long livenessRuns;

  Scheduler(
      String jobId,
      JobGraph graph,
      JobResources lease,
      List<BackpressurePolicy> policies,
      JobView view,
      MemoryLedger ledger) {
    this.jobId = jobId;
    this.graph = graph;
    this.lease = lease;
    this.policies = List.copyOf(policies);
    this.view = view;
    this.ledger = ledger;
    int n = graph.size();
    this.specs = new OperatorSpec[n];
    this.stats = new OperatorStatsView[n];
    this.producers = new int[n][];
    for (int i = 0; i < n; i++) {
      specs[i] = graph.get(i).spec();
      stats[i] = graph.get(i).stats();
      producers[i] = graph.producers(i);
    }
    this.doneSent = new boolean[n];
    this.upstreamSettled = new boolean[n];
    this.held = new BlockingReason[n];
    Arrays.fill(held, BlockingReason.NOT_BLOCKED);
  }

  /** Calls every operator's per-turn hook; first thing each turn. */
  void advance() {
    for (int i = 0; i < graph.size(); i++) {
      graph.get(i).onTurn();
    }
  }

  /**
   * Moves outputs to consumers and propagates completion and cancellation; true if anything moved.
   */
  boolean route() {
    boolean moved = false;
    for (int i = 0; i < graph.size(); i++) {
      PhysicalOperator op = graph.get(i);
      int c = graph.consumer(i);
      while (op.hasOutput()) {
        moved = true;
        var block = op.takeOutput();
        if (c < 0) {
          block.close();
        } else {
          graph.get(c).addInput(graph.consumerPort(i), block);
        }
      }
      if (!upstreamSettled[i] && producers[i].length > 0 && op.isFinished()) {
        // finished before its producers: it needs no more input (a satisfied limit)
        upstreamSettled[i] = true;
        if (!producersFinished(i)) {
          cancelUpstream(i);
          moved = true;
        }
      }
      if (c >= 0 && !doneSent[i] && op.isFinished()) {
        doneSent[i] = true;
        graph.get(c).inputDone(graph.consumerPort(i));
        moved = true;
      }
    }
    return moved;
  }

  private boolean producersFinished(int i) {
    for (int p : producers[i]) {
      if (!graph.get(p).isFinished()) {
        return false;
      }
    }
    return true;
  }

  private void cancelUpstream(int i) {
    for (int p : producers[i]) {
      cancelUpstream(p);
      graph.get(p).cancel();
    }
  }

  /** Starts tasks while slots and policies allow; true if any started. */
  boolean schedule() {
    boolean any = false;
    lease.settleCpus(cpuUnitsInUse()); // tasks that ended since the last turn give their slots back
    while (true) {
      int chosen = -1;
      int heldByMemory = -1;
      ledger.update();
      lease.memory().reserve(ledger.reservedBytes());
      for (int i : candidateOrder()) {
        PhysicalOperator op = graph.get(i);
        held[i] = BlockingReason.NOT_BLOCKED;
        if (op.blocked() != Blocked.NOT_BLOCKED) {
          continue;
        }
        if (!lease.cpusFit(specs[i].cpusPerTask())) {
          held[i] = BlockingReason.WAITING_FOR_SLOT;
          continue;
        }
        BlockingReason refused = policiesRefuse(op);
        if (refused != null) {
          held[i] = refused;
          heldByMemory = heldByMemory < 0 ? i : heldByMemory;
          continue;
        }
        if (!lease.tryAcquireCpus(specs[i].cpusPerTask())) {
          held[i] = BlockingReason.WAITING_FOR_SLOT; // another job took the slots since the query
          continue;
        }
        chosen = i;
        break;
      }
      if (chosen < 0
          && heldByMemory >= 0
          && runningTasks() == 0
          && !awaitingConsumer()
          && !awaitingOtherJobsActors()
          && lease.tryAcquireCpus(specs[heldByMemory].cpusPerTask())) {
        chosen = heldByMemory;
        held[chosen] = BlockingReason.NOT_BLOCKED;
        livenessRuns++;
        if (!livenessWarned) {
          livenessWarned = true;
          LOG.warn(
              "job {}: memory budget of {} bytes is smaller than the work in flight; running '{}' one "
                  + "task at a time so the job can progress",
              jobId,
              view.memoryBudget(),
              specs[chosen].name());
        }
      }
      if (chosen < 0) {
        return any;
      }
      PhysicalOperator op = graph.get(chosen);
      op.nextTask(specs[chosen].bundlesInput() ? inputCap(op) : Long.MAX_VALUE);
      any = true;
    }
  }

  /**
   * Why operator {@code i} starts no task now: its own answer, or, when it is ready, what held it
   * in the latest scheduling pass. No side effects.
   */
  BlockingReason whyBlocked(int i) {
    BlockingReason own = graph.get(i).blocked().reason();
    return own == BlockingReason.NOT_BLOCKED ? held[i] : own;
  }

  /** Tasks the liveness rule started although memory held them. */
  long livenessRuns() {
    return livenessRuns;
  }

  /**
   * Operators in the order they get slots: consumers before sources (draining frees memory, reading
   * adds to it); among consumers the one holding the least unconsumed output first, so no stage's
   * buffer grows while another starves; ties go downstream.
   */
  private List<Integer> candidateOrder() {
    List<Integer> order = new ArrayList<>(graph.size());
    long[] heldBytes = new long[graph.size()];
    for (int i = graph.size() - 1; i >= 0; i--) {
      order.add(i);
      heldBytes[i] = view.memoryUsed(graph.get(i));
    }
    order.sort(
        (a, b) -> {
          boolean sa = specs[a].source();
          boolean sb = specs[b].source();
          if (sa != sb) {
            return sa ? 1 : -1;
          }
          int c = Long.compare(heldBytes[a], heldBytes[b]);
          return c != 0 ? c : Integer.compare(b, a);
        });
    return order;
  }

  /** The reason of the first policy that refuses {@code op}'s next task, or null when all agree. */
  private BlockingReason policiesRefuse(PhysicalOperator op) {
    for (BackpressurePolicy p : policies) {
      if (!p.canDispatch(op, view)) {
        return p.holdReason(op, view);
      }
    }
    return null;
  }

  /**
   * Whether blocks wait at the sink for the caller's thread: its taking them frees memory, so the
   * liveness rule must wait rather than overrun the budget behind a slow consumer.
   */
  private boolean awaitingConsumer() {
    int sink = graph.sink();
    return !specs[sink].runsTasks() && stats[sink].queuedInputBytes() > 0; // the caller drains it
  }

  /**
   * Whether a stage waits for actors while other jobs hold the backend's resources: their GPUs come
   * back as their stages finish, so the job is not stuck, and running its sources anyway would only
   * pile up blocks that nothing can consume yet.
   */
  private boolean awaitingOtherJobsActors() {
    if (!lease.sharedWithOtherJobs()) {
      return false;
    }
    for (int i = 0; i < graph.size(); i++) {
      if (graph.get(i).blocked().reason() == BlockingReason.WAITING_FOR_ACTOR) {
        return true;
      }
    }
    return false;
  }

  /** The smallest input cap any policy sets on {@code op}'s next task. */
  private long inputCap(PhysicalOperator op) {
    long cap = Long.MAX_VALUE;
    for (BackpressurePolicy p : policies) {
      cap = Math.min(cap, p.maxTaskInputBytes(op, view));
    }
    return cap;
  }

  /** CPU slot units ({@link CpuSlots#UNITS} per slot) held by running tasks and busy actors. */
  long cpuUnitsInUse() {
    long units = 0;
    for (int i = 0; i < stats.length; i++) {
      units += stats[i].runningTasks() * CpuSlots.units(specs[i].cpusPerTask());
    }
    return units;
  }

  private int runningTasks() {
    int n = 0;
    for (OperatorStatsView s : stats) {
      n += s.runningTasks();
    }
    return n;
  }
}
