package io.sluice.executor.run;

import io.sluice.executor.op.PhysicalOperator;

/** The job's global state as policies see it. Loop thread only. */
public interface JobView {

  /** Bytes of Arrow memory the job holds now (all operators' allocators). */
  long memoryUsed();

  /** The job's memory budget. */
  long memoryBudget();

  /** Bytes held by {@code op}'s allocator: output produced and not yet consumed, plus in flight. */
  long memoryUsed(PhysicalOperator op);

  /** The budget share one producing operator's held output may reach. */
  long memoryShare();
}
