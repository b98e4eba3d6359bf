package io.sluice.executor.run;

import io.sluice.executor.op.PhysicalOperator;
import io.sluice.executor.plan.PhysicalPlan;
import io.sluice.executor.resource.JobResources;
import io.sluice.executor.resource.ResourceManager;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.arrow.memory.AllocationListener;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;

/**
 * The job's global state as the test sets it, with the real profiles and ledger over a plan of
 * {@link FakeOperator}s, and the real scheduler on top.
 */
final class FakeJob implements JobView {

  final JobGraph plan;
  final OperatorProfiles profiles;
  final MemoryLedger ledger;
  long used;
  long budget = 1000;
  long share = 1000;
  final Map<PhysicalOperator, Long> usedBy = new HashMap<>();
  private final BufferAllocator root = new RootAllocator();
  private JobResources lease;

  FakeJob(PhysicalOperator... chain) {
    PhysicalPlan.Builder b = PhysicalPlan.builder();
    int prev = -1;
    for (PhysicalOperator op : chain) {
      prev = b.add(op.spec().name(), () -> op, prev < 0 ? List.of() : List.of(prev));
    }
    plan = JobGraph.instantiate(b.build());
    profiles = new OperatorProfiles(plan, 100);
    ledger = new MemoryLedger(plan, profiles);
  }

  /**
   * The real scheduler over a lease of a backend with {@code cpuSlots} slots and no GPUs. The
   * lease's allocator stays empty (fake operators allocate nothing); {@link #close} releases it.
   */
  Scheduler scheduler(int cpuSlots, BackpressurePolicy... policies) {
    ResourceManager resources = new ResourceManager(cpuSlots, 0, budget, budget, root);
    closeLease();
    lease = resources.lease("test", AllocationListener.NOOP, plan.size() - 1);
    for (int i = 0;
        i < plan.size();
        i++) { // tasks the test set running hold their slots, as dispatched ones do
      for (int t = 0; t < plan.get(i).stats().runningTasks(); t++) {
        lease.tryAcquireCpus(plan.get(i).spec().cpusPerTask());
      }
    }
    return new Scheduler("test", plan, lease, List.of(policies), this, ledger);
  }

  /** Releases the scheduler's lease and the allocator under it. */
  void close() {
    closeLease();
    root.close();
  }

  private void closeLease() {
    if (lease != null) {
      lease.allocator().close();
      lease.close();
      lease = null;
    }
  }

  private int index(PhysicalOperator op) {
    return plan.operators().indexOf(op);
  }

  @Override
  public long memoryUsed() {
    return used;
  }

  @Override
  public long memoryBudget() {
    return budget;
  }

  @Override
  public long memoryUsed(PhysicalOperator op) {
    return usedBy.getOrDefault(op, 0L);
  }

  @Override
  public long memoryShare() {
    return share;
  }

  @Override
  public long reservedBytes() {
    return ledger.reservedBytes();
  }

  @Override
  public long reservedBytes(PhysicalOperator op) {
    return ledger.reservedBytes(index(op));
  }

  @Override
  public OperatorProfile profile(PhysicalOperator op) {
    return profiles.get(index(op));
  }

  @Override
  public List<PhysicalOperator> operators() {
    return plan.operators();
  }
}
