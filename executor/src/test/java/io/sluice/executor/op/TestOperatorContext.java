package io.sluice.executor.op;

import io.sluice.api.ExecutionOptions;
import io.sluice.executor.fault.AttemptRunner;
import io.sluice.executor.resource.JobMemory;
import io.sluice.executor.resource.MemoryBudget;
import io.sluice.executor.store.BlockStore;
import io.sluice.executor.store.SpillDirectory;
import io.sluice.operators.core.GpuPool;
import io.sluice.operators.fault.ErrorBudget;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.memory.RootAllocator;
import org.apache.arrow.vector.BigIntVector;
import org.apache.arrow.vector.VectorSchemaRoot;
import org.apache.arrow.vector.types.pojo.ArrowType;
import org.apache.arrow.vector.types.pojo.Field;
import org.apache.arrow.vector.types.pojo.FieldType;
import org.apache.arrow.vector.types.pojo.Schema;

/**
 * A job's side of an operator without a job: tasks handed to {@link #workers()} wait until the test
 * runs them ({@link #runTasks()}), events posted from any thread wait until it runs them ({@link
 * #runEvents()}), failures are collected. The test thread plays the loop thread.
 */
final class TestOperatorContext implements OperatorContext, AutoCloseable {

  static final Schema IDS =
      new Schema(
          List.of(new Field("id", FieldType.notNullable(new ArrowType.Int(64, true)), null)));

  final BufferAllocator root = new RootAllocator();
  final ExecutionOptions options;
  final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
  final LinkedBlockingQueue<Runnable> events = new LinkedBlockingQueue<>();
  final List<Throwable> failures = new ArrayList<>();
  final ResumePlan resume;
  private final GpuPool gpus = new GpuPool(0);
  private final AttemptRunner attempts;
  private final SpillDirectory spill;
  private final MemoryBudget budget;
  private final MemoryBudget.Share share;
  private final JobMemory memory;
  private final BufferAllocator scratch;
  private final BlockStore store;

  TestOperatorContext() {
    this(
        ExecutionOptions.builder().cpuSlots(2).memoryBudgetBytes(64L << 20).build(),
        ResumePlan.NONE);
  }

  TestOperatorContext(ExecutionOptions options, ResumePlan resume) {
    this.options = options;
    this.resume = resume;
    this.attempts =
        AttemptRunner.of(options, new ErrorBudget(options.retries().errorPolicy(), null));
    this.spill = new SpillDirectory(options, "test-" + System.nanoTime());
    this.budget = new MemoryBudget(options.resources().memoryBudgetBytes().orElseThrow());
    this.share = budget.open("test", root);
    this.memory = new JobMemory(share, Long.MAX_VALUE, 2); // a source and one consumer
    this.scratch = root.newChildAllocator("spill-scratch", 0, Long.MAX_VALUE);
    this.store = new BlockStore(spill, tasks::add, scratch);
  }

  /** A block of ids {@code [from, from + rows)} in this context's allocator. */
  Block block(long from, int rows) {
    VectorSchemaRoot r = VectorSchemaRoot.create(IDS, root);
    BigIntVector v = (BigIntVector) r.getVector(0);
    v.allocateNew(rows);
    for (int i = 0; i < rows; i++) {
      v.set(i, from + i);
    }
    r.setRowCount(rows);
    return new Block(r, null);
  }

  /** Runs the tasks operators handed to the workers so far, on this thread. */
  void runTasks() {
    Runnable t;
    while ((t = tasks.poll()) != null) {
      t.run();
    }
  }

  /** Runs the events posted so far. */
  void runEvents() {
    Runnable r;
    while ((r = events.poll()) != null) {
      r.run();
    }
  }

  /** Waits up to 10 s for an event (an actor thread's), then runs it and any others posted. */
  void awaitEvent() throws InterruptedException {
    Runnable r = events.poll(10, TimeUnit.SECONDS);
    if (r == null) {
      throw new AssertionError("no event within 10 s");
    }
    r.run();
    runEvents();
  }

  @Override
  public BufferAllocator allocator() {
    return root;
  }

  @Override
  public ExecutionOptions options() {
    return options;
  }

  @Override
  public Executor workers() {
    return tasks::add;
  }

  @Override
  public void post(Runnable action) {
    events.add(action);
  }

  @Override
  public void fail(Throwable error) {
    failures.add(error);
  }

  @Override
  public GpuPool gpus() {
    return gpus;
  }

  @Override
  public JobMemory memory() {
    return memory;
  }

  @Override
  public AttemptRunner attempts() {
    return attempts;
  }

  @Override
  public ResumePlan resume() {
    return resume;
  }

  @Override
  public BlockStore blockStore() {
    return store;
  }

  @Override
  public long jobMemoryUsed() {
    return root.getAllocatedMemory();
  }

  @Override
  public void close() {
    try {
      store.close(); // and its spill directory
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
    share.close();
    scratch.close();
    root.close();
  }
}
