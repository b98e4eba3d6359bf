package io.sluice.testing;

import io.sluice.api.spi.BatchReader;
import io.sluice.api.spi.Datasource;
import io.sluice.api.spi.ReadTask;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * Decorates a {@link Datasource}: each read task, when opened, draws whether this attempt fails
 * with an {@link InjectedFault}; draws are keyed by the task's position and how often it was
 * opened. The wrapped source's projection and limit pushdown are not offered (the decorator hides
 * them).
 */
final class FaultyDatasource implements Datasource {

  private final Datasource source;
  private final Faults faults;
  private final double failure;

  FaultyDatasource(Datasource source, Faults faults, double failure) {
    Faults.checkProbability("read failure", failure);
    this.source = source;
    this.faults = faults;
    this.failure = failure;
  }

  @Override
  public String name() {
    return source.name();
  }

  @Override
  public Schema schema() {
    return source.schema();
  }

  @Override
  public boolean isEmpty() {
    return source.isEmpty();
  }

  @Override
  public List<ReadTask> planReadTasks(int parallelismHint) {
    List<ReadTask> tasks = source.planReadTasks(parallelismHint);
    List<ReadTask> out = new ArrayList<>(tasks.size());
    for (int i = 0; i < tasks.size(); i++) {
      out.add(new FaultyTask(tasks.get(i), name(), i, faults, failure));
    }
    return out;
  }

  /** A read task whose attempts may fail on open. */
  private static final class FaultyTask implements ReadTask {
    private static final long serialVersionUID = 1L;
    private final ReadTask task;
    private final String site;
    private final long index;
    private final Faults faults;
    private final double failure;
    private final AtomicLong opens = new AtomicLong();

    FaultyTask(ReadTask task, String site, long index, Faults faults, double failure) {
      this.task = task;
      this.site = site;
      this.index = index;
      this.faults = faults;
      this.failure = failure;
    }

    @Override
    public String describe() {
      return task.describe();
    }

    @Override
    public OptionalLong estimatedRows() {
      return task.estimatedRows();
    }

    @Override
    public OptionalLong estimatedBytes() {
      return task.estimatedBytes();
    }

    @Override
    public BatchReader open(BufferAllocator allocator, long targetBatchBytes) throws IOException {
      long n = opens.getAndIncrement();
      if (faults.strikes(failure, site, index, n)) {
        throw new InjectedFault(site, index, n);
      }
      return task.open(allocator, targetBatchBytes);
    }
  }
}
