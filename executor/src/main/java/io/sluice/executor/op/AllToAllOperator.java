package io.sluice.executor.op;

import io.sluice.api.arrow.Batches;
import io.sluice.executor.store.SpillableBuffer;
import io.sluice.operators.sort.RowGather;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * An operator that needs all its input before it emits anything (repartition, shuffle, sort), on
 * data larger than memory. Three phases:
 *
 * <ol>
 *   <li>collect: input blocks are kept in a {@link SpillableBuffer}; when what it holds passes half
 *       the operator's budget share, or the job is over its budget, they are spilled to disk;
 *   <li>scatter (one task): every row is assigned a partition by the subclass and written to that
 *       partition's buffer, spilling the largest partitions while the buffers are over the limit;
 *   <li>emit (one task per partition, in order): a partition is read back, finished by the subclass
 *       (sorted, permuted, or passed through) and streamed out in target-size blocks.
 * </ol>
 *
 * Partitions are sized so one fits in memory, so each phase holds about one share of the budget.
 * Loop-thread rules as {@link PhysicalOperator}; {@link #assign} and {@link #finish} run on
 * workers.
 */
public abstract class AllToAllOperator extends AbstractOperator {

  private enum Phase {
    COLLECT,
    SCATTER,
    EMIT,
    DONE
  }

  private SpillableBuffer input;

  /** Arrow bytes this operator wrote to spill files (task threads add to it). */
  private final AtomicLong spilled = new AtomicLong();

  private Phase phase = Phase.COLLECT;
  private List<SpillableBuffer> partitions = List.of();
  private int nextPartition;

  protected AllToAllOperator(String name) {
    super(new OperatorSpec(name, 1.0, 0, 1, false));
  }

  /**
   * Number of partitions for {@code rows} rows of {@code bytes} bytes (loop thread, after all
   * input).
   */
  protected abstract int partitionCount(long rows, long bytes);

  /**
   * Fills {@code partitionOfRow} for each row of {@code batch}; called on input batches in input
   * order.
   */
  protected abstract void assign(VectorSchemaRoot batch, int[] partitionOfRow);

  /**
   * Finishes partition {@code p} whose rows (in input order) are {@code rows}; returns the output
   * (may be {@code rows} itself). Ownership of {@code rows} passes to the method.
   */
  protected abstract VectorSchemaRoot finish(
      int p, VectorSchemaRoot rows, BufferAllocator allocator);

  /** False when partitions pass through unchanged and may stream without being loaded whole. */
  protected boolean needsWholePartition() {
    return true;
  }

  /** Sees each input batch as it arrives (loop thread), e.g. to sample sort keys. */
  protected void observe(VectorSchemaRoot batch) {}

  /** Bytes the operator keeps in memory before it spills. */
  protected long holdLimit() {
    return ctx.memory().holdBytes();
  }

  /** A partition count that keeps each partition within about half of {@link #holdLimit()}. */
  protected int partitionsFor(long rows, long bytes) {
    long target = Math.max(1, holdLimit() / 2);
    long p = (bytes + target - 1) / target;
    return (int) Math.max(1, Math.min(Math.min(p, rows), 100_000));
  }

  @Override
  public void start(OperatorContext context) {
    super.start(context);
    output = new OrderedOutput(true); // partitions leave in partition order, always
    input = context.blockStore().newBuffer(name() + "-in");
  }

  @Override
  public void addInput(int port, Block block) {
    if (cancelled || phase != Phase.COLLECT) {
      block.close();
      return;
    }
    metrics.input(block);
    observe(block.data());
    input.add(block.data());
    changed();
    if (input.memoryBytes() > holdLimit()
        || ctx.jobMemoryUsed() > ctx.memory().budget() && input.memoryBytes() > 0) {
      // written on a worker: the loop thread never waits for the disk
      spilled.addAndGet(
          ctx.blockStore()
              .spillAsync(input, t -> ctx.post(() -> ctx.fail(failure("spilling its input", t)))));
    }
  }

  @Override
  public Blocked blocked() {
    if (cancelled) {
      return Blocked.DONE;
    }
    switch (phase) {
      case COLLECT:
        if (!allInputsDone()) {
          return blockedBy(BlockingReason.WAITING_FOR_INPUT);
        }
        return input.rows() == 0 ? Blocked.DONE : Blocked.NOT_BLOCKED; // the scatter task may start
      case SCATTER:
        return blockedBy(BlockingReason.WAITING_FOR_INPUT); // its one task runs
      case EMIT:
        if (nextPartition < partitions.size()) {
          return Blocked.NOT_BLOCKED;
        }
        return running == 0 ? Blocked.DONE : blockedBy(BlockingReason.WAITING_FOR_INPUT);
      default:
        return Blocked.DONE;
    }
  }

  /** Collected everything, and there was nothing: no task will ever run. */
  private boolean emptyInput() {
    return phase == Phase.COLLECT && allInputsDone() && input.rows() == 0;
  }

  /** The partition to emit next, or (for the scatter) the input it holds at once. */
  @Override
  protected long nextTaskInputBytes() {
    if (phase == Phase.EMIT && nextPartition < partitions.size()) {
      return partitions.get(nextPartition).bytes();
    }
    boolean scatter = phase == Phase.SCATTER || phase == Phase.COLLECT && allInputsDone();
    return scatter ? Math.min(input.bytes(), holdLimit()) : 0;
  }

  /** Starts the scatter once all input is collected, then one task per partition. */
  @Override
  public void nextTask(long maxInputBytes) {
    running++;
    long start = System.nanoTime();
    metrics.taskStarted(start);
    if (phase == Phase.COLLECT) {
      phase = Phase.SCATTER;
      int n = partitionCount(input.rows(), input.bytes());
      List<SpillableBuffer> parts = new ArrayList<>(n);
      for (int p = 0; p < n; p++) {
        parts.add(ctx.blockStore().newBuffer(name() + "-p" + p));
      }
      partitions = parts;
      ctx.workers().execute(() -> scatter(parts, start));
    } else {
      int p = nextPartition++;
      ctx.workers().execute(() -> emit(p, start));
    }
  }

  /** Worker thread: input -> partitions. */
  private void scatter(List<SpillableBuffer> parts, long start) {
    Throwable error = null;
    try {
      BufferAllocator a = ctx.allocator();
      input.drain(
          a,
          batch -> {
            try {
              if (!cancelled) {
                scatterBatch(batch, parts, a);
              }
            } finally {
              batch.close();
            }
          });
    } catch (Throwable t) {
      error = t;
    }
    Throwable failed = error;
    ctx.post(
        () -> {
          running--;
          changed();
          metrics.taskDone(start, System.nanoTime());
          if (failed != null) {
            if (!cancelled) {
              ctx.fail(failure("partitioning its input", failed));
            }
            return;
          }
          phase = Phase.EMIT;
        });
  }

  private void scatterBatch(
      VectorSchemaRoot batch, List<SpillableBuffer> parts, BufferAllocator a) {
    int rows = batch.getRowCount();
    int[] part = new int[rows];
    assign(batch, part);
    int[] counts = new int[parts.size() + 1];
    for (int p : part) {
      counts[p + 1]++;
    }
    for (int p = 0; p < parts.size(); p++) {
      counts[p + 1] += counts[p];
    }
    int[] offsets = counts.clone();
    int[] idx = new int[rows];
    for (int r = 0; r < rows; r++) {
      idx[offsets[part[r]]++] = r;
    }
    for (int p = 0; p < parts.size(); p++) {
      int n = counts[p + 1] - counts[p];
      if (n > 0) {
        parts.get(p).add(RowGather.take(batch, idx, counts[p], n, a));
      }
    }
    long held = parts.stream().mapToLong(SpillableBuffer::memoryBytes).sum();
    boolean overBudget = ctx.jobMemoryUsed() > ctx.memory().budget();
    if (held > holdLimit() || overBudget) {
      // Largest first: one file frees the most; stop once back under half the limit.
      List<SpillableBuffer> bySize = new ArrayList<>(parts);
      bySize.sort(Comparator.comparingLong(SpillableBuffer::memoryBytes).reversed());
      for (SpillableBuffer b : bySize) {
        if (held <= holdLimit() / 2 && !overBudget || b.memoryBytes() == 0) {
          break;
        }
        long freed = ctx.blockStore().spill(b); // on this task's worker thread
        spilled.addAndGet(freed);
        held -= freed;
        overBudget = ctx.jobMemoryUsed() > ctx.memory().budget();
      }
    }
  }

  /** Worker thread: one partition -> output blocks, streamed. */
  private void emit(int p, long start) {
    BufferAllocator a = ctx.allocator();
    BlockBuilder out =
        new BlockBuilder(
            ctx.options().blocks().targetBytes(), a, b -> ctx.post(() -> onTaskOutput(p, b)));
    Throwable error = null;
    try {
      SpillableBuffer part = partitions.get(p);
      if (!needsWholePartition()) {
        part.drain(a, out::add);
      } else {
        List<VectorSchemaRoot> pieces = new ArrayList<>();
        VectorSchemaRoot all = null;
        try {
          part.drain(a, pieces::add);
          // a hash partition no key fell into is empty: nothing to finish
          all =
              pieces.isEmpty()
                  ? null
                  : pieces.size() == 1 ? pieces.remove(0) : Batches.concat(pieces, a);
        } finally {
          pieces.forEach(VectorSchemaRoot::close);
        }
        if (all != null && !cancelled) {
          out.add(finish(p, all, a));
        } else if (all != null) {
          all.close();
        }
      }
      out.flush();
    } catch (Throwable t) {
      out.discard();
      error = t;
    }
    Throwable failed = error;
    ctx.post(
        () -> {
          running--;
          changed();
          metrics.taskDone(start, System.nanoTime());
          if (failed != null) {
            if (!cancelled) {
              ctx.fail(failure("emitting partition " + p, failed));
            }
            return;
          }
          output.complete(p);
          if (nextPartition >= partitions.size() && running == 0) {
            phase = Phase.DONE;
          }
        });
  }

  @Override
  public boolean isFinished() {
    return (cancelled || phase == Phase.DONE || emptyInput()) && running == 0 && output.isEmpty();
  }

  @Override
  protected long spilledBytes() {
    return spilled.get();
  }

  @Override
  protected long queuedInputBytes() {
    return input == null ? 0 : input.heldBytes();
  }

  @Override
  protected String describeState() {
    return phase
        + ": "
        + (input == null ? 0 : input.rows())
        + " rows in ("
        + (input == null ? 0 : input.spilledBytes())
        + " B spilled), partition "
        + nextPartition
        + "/"
        + partitions.size()
        + ", "
        + running
        + " running";
  }

  @Override
  public void close() {
    output.clear();
    if (input != null) {
      input.close();
    }
    partitions.forEach(SpillableBuffer::close);
  }
}
