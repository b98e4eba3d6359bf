package io.sluice.executor;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.api.ExecutionOptions;
import io.sluice.api.plan.ReadNode;
import io.sluice.api.plan.SelectNode;
import io.sluice.api.source.RangeSource;
import io.sluice.api.spi.WriteResult;
import io.sluice.executor.op.ResumePlan;
import io.sluice.executor.op.WriteOperator;
import io.sluice.executor.plan.PhysicalPlan;
import io.sluice.executor.plan.PhysicalPlanner;
import io.sluice.executor.resource.ResourceManager;
import io.sluice.executor.run.DrainRateAdmissionPolicy;
import io.sluice.executor.run.Job;
import io.sluice.executor.run.MemoryBudgetPolicy;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.junit.jupiter.api.Test;

/**
 * A plan is factories, not operators: two jobs made from one plan each get their own operators (the
 * sink among them, an ordinary node) and both write every row.
 */
class PlanRunsTwiceTest {

  private static final long BUDGET = 256L << 20;

  @Test
  void twoJobsFromOnePlan() {
    ExecutionOptions options =
        ExecutionOptions.builder().cpuSlots(2).gpuSlots(0).memoryBudgetBytes(BUDGET).build();
    CollectingSink sink = new CollectingSink(0);
    PhysicalPlan plan =
        new PhysicalPlanner(2)
            .plan(
                new SelectNode(new ReadNode(new RangeSource(1000, 4)), List.of("id")),
                sink.name(),
                schema -> () -> new WriteOperator(sink.name(), sink, schema.orElse(null), "j"));
    ExecutorService workers = Executors.newCachedThreadPool();
    try (BufferAllocator root = new RootAllocator()) {
      Job first = job("first", options, plan, root, workers);
      Job second = job("second", options, plan, root, workers);
      assertThat(first.graph().operators()).doesNotContainAnyElementsOf(second.graph().operators());
      for (Job job : List.of(first, second)) {
        WriteOperator writer = job.sink(WriteOperator.class);
        WriteResult result = job.run(writer::commit, writer::abort);
        assertThat(result.rows()).isEqualTo(1000);
        assertThat(job.stats().outputRows()).isEqualTo(1000);
      }
    } finally {
      workers.shutdownNow();
    }
  }

  private static Job job(
      String id,
      ExecutionOptions options,
      PhysicalPlan plan,
      BufferAllocator root,
      ExecutorService workers) {
    ResourceManager resources =
        new ResourceManager(2, 0, BUDGET, ResourceManager.defaultAllocatorLimit(BUDGET), root);
    return new Job(
        id,
        options,
        plan,
        resources,
        workers,
        List.of(new MemoryBudgetPolicy(), new DrainRateAdmissionPolicy()),
        null,
        ResumePlan.NONE);
  }
}
