package io.sluice.executor.run;

import io.sluice.executor.op.BlockingReason;
import io.sluice.executor.op.PhysicalOperator;
import io.sluice.executor.plan.PhysicalPlan;
import io.sluice.executor.resource.CpuSlots;
import io.sluice.executor.resource.JobResources;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The decisions of one control-loop turn: {@link #route()} moves finished outputs to their
 * consumers and propagates completion and cancellation; {@link #schedule()} starts tasks while CPU
 * slots and every {@link BackpressurePolicy} allow. Liveness rule: when nothing runs, no block waits
 * for the caller's consumer, and the only eligible operators are held back by memory, the first of
 * them runs anyway. Loop thread only.
 */
final class Scheduler {

  private static final Logger LOG = LoggerFactory.getLogger(Scheduler.class);

  private final String jobId;
  private final PhysicalPlan plan;
  /** The job's lease on the backend's CPU slots (shared with its other jobs) and memory budget. */
  private final JobResources lease;
  private final List<BackpressurePolicy> policies;
  private final JobView view;
  private final MemoryLedger ledger;
  private final boolean[] doneSent;
  private final boolean[] upstreamCancelled;
  private boolean livenessWarned;

  Scheduler(String jobId, PhysicalPlan plan, JobResources lease, List<BackpressurePolicy> policies, JobView view,
      MemoryLedger ledger) {
    this.jobId = jobId;
    this.plan = plan;
    this.lease = lease;
    this.policies = List.copyOf(policies);
    this.view = view;
    this.ledger = ledger;
    this.doneSent = new boolean[plan.size()];
    this.upstreamCancelled = new boolean[plan.size()];
  }

  /** Moves outputs to consumers and propagates completion and cancellation; true if anything moved. */
  boolean route() {
    boolean moved = false;
    for (int i = 0; i < plan.size(); i++) {
      PhysicalOperator op = plan.get(i);
      int c = plan.consumer(i);
      while (op.hasOutput()) {
        moved = true;
        var block = op.takeOutput();
        if (c < 0) {
          block.close();
        } else {
          plan.get(c).addInput(plan.consumerPort(i), block);
        }
      }
      if (!upstreamCancelled[i] && op.wantsNoMoreInput()) {
        upstreamCancelled[i] = true;
        cancelUpstream(i);
        moved = true;
      }
      if (c >= 0 && !doneSent[i] && op.isFinished()) {
        doneSent[i] = true;
        plan.get(c).inputDone(plan.consumerPort(i));
        moved = true;
      }
    }
    return moved;
  }

  private void cancelUpstream(int i) {
    for (int p : plan.producers(i)) {
      cancelUpstream(p);
      plan.get(p).cancel();
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
        PhysicalOperator op = plan.get(i);
        if (op.blocked() != BlockingReason.NOT_BLOCKED) {
          continue;
        }
        if (!lease.cpusFit(op.taskCpus())) {
          continue;
        }
        if (!policiesAllow(op)) {
          heldByMemory = heldByMemory < 0 ? i : heldByMemory;
          continue;
        }
        if (!lease.tryAcquireCpus(op.taskCpus())) {
          continue; // another job took the slots since the query
        }
        chosen = i;
        break;
      }
      if (chosen < 0 && heldByMemory >= 0 && runningTasks() == 0 && !awaitingConsumer()
          && !awaitingOtherJobsActors() && lease.tryAcquireCpus(plan.get(heldByMemory).taskCpus())) {
        chosen = heldByMemory;
        if (!livenessWarned) {
          livenessWarned = true;
          LOG.warn("job {}: memory budget of {} bytes is smaller than the work in flight; running '{}' one "
              + "task at a time so the job can progress", jobId, view.memoryBudget(), plan.get(chosen).name());
        }
      }
      if (chosen < 0) {
        return any;
      }
      PhysicalOperator op = plan.get(chosen);
      op.dispatch(inputCap(op));
      any = true;
    }
  }

  /**
   * Operators in the order they get slots: consumers before sources (draining frees memory, reading
   * adds to it); among consumers the one holding the least unconsumed output first, so no stage's
   * buffer grows while another starves; ties go downstream.
   */
  private List<Integer> candidateOrder() {
    List<Integer> order = new ArrayList<>(plan.size());
    long[] held = new long[plan.size()];
    for (int i = plan.size() - 1; i >= 0; i--) {
      order.add(i);
      held[i] = view.memoryUsed(plan.get(i));
    }
    order.sort((a, b) -> {
      boolean sa = plan.get(a).inputPorts() == 0;
      boolean sb = plan.get(b).inputPorts() == 0;
      if (sa != sb) {
        return sa ? 1 : -1;
      }
      int c = Long.compare(held[a], held[b]);
      return c != 0 ? c : Integer.compare(b, a);
    });
    return order;
  }

  private boolean policiesAllow(PhysicalOperator op) {
    for (BackpressurePolicy p : policies) {
      if (!p.canDispatch(op, view)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether blocks wait at the sink for the caller's thread: its taking them frees memory, so the
   * liveness rule must wait rather than overrun the budget behind a slow consumer.
   */
  private boolean awaitingConsumer() {
    PhysicalOperator sink = plan.get(plan.sink());
    return sink.taskCpus() == 0 && sink.queuedInputBytes() > 0; // a sink that runs no tasks: the caller drains it
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
    for (PhysicalOperator op : plan.operators()) {
      if (op.blocked() == BlockingReason.WAITING_FOR_ACTOR) {
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
    for (PhysicalOperator op : plan.operators()) {
      units += op.runningTasks() * CpuSlots.units(op.taskCpus());
    }
    return units;
  }

  private int runningTasks() {
    int n = 0;
    for (PhysicalOperator op : plan.operators()) {
      n += op.runningTasks();
    }
    return n;
  }
}
