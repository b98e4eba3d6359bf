package io.sluice.executor.run;

import io.sluice.executor.op.PhysicalOperator;
import io.sluice.executor.plan.PhysicalPlan;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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

  Scheduler scheduler(int cpuSlots, BackpressurePolicy... policies) {
    return new Scheduler("test", plan, cpuSlots, List.of(policies), this, ledger);
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
