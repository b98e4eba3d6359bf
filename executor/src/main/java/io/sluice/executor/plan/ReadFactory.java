package io.sluice.executor.plan;

import io.sluice.api.spi.Datasource;
import io.sluice.api.spi.ReadTask;
import io.sluice.executor.op.PhysicalOperator;
import io.sluice.executor.op.ReadOperator;
import java.util.ArrayList;
import java.util.List;

/**
 * A source node: its read tasks are planned once, when the plan is made (off the job's loop
 * thread), so the splits are known before any job runs, which is what resuming needs.
 */
final class ReadFactory implements OperatorFactory {

  private final String name;
  private final List<ReadTask> tasks;

  ReadFactory(String name, Datasource source, int parallelism) {
    this.name = name;
    this.tasks = List.copyOf(source.planReadTasks(parallelism));
  }

  @Override
  public PhysicalOperator create() {
    return new ReadOperator(name, tasks);
  }

  @Override
  public List<String> splits() {
    List<String> out = new ArrayList<>(tasks.size());
    for (int i = 0; i < tasks.size(); i++) {
      out.add(ReadOperator.splitKey(name, i, tasks.get(i)));
    }
    return out;
  }
}
