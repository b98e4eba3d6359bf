package io.sluice.benchmarks.inference;

import io.sluice.api.SluiceException;
import io.sluice.api.udf.BatchUdf;
import io.sluice.api.udf.UdfContext;
import io.sluice.inference.CpuLayout;
import io.sluice.inference.OnnxModelSpec;
import io.sluice.inference.OrtEnv;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.arrow.memory.BufferAllocator;
import org.apache.arrow.vector.VectorSchemaRoot;

/**
 * A short measurement that picks a {@link CpuLayout} for a model on this machine: each candidate
 * runs the same sample window on all its actors at once (one thread per actor, as the actor pool
 * would), alternating candidates A B A B so background load hits them alike, and the median rows/s
 * decides. Sessions come from the shared session cache, so a job that follows with the chosen
 * layout reuses them. Costs roughly {@code rounds x candidates x (sample rows / rate)}.
 *
 * <pre>{@code
 * CpuCalibration.Result r = CpuCalibration.run(MiniLm.embedder(MiniLm.INT8), tokenizedSample, 2, 2, allocator);
 * ds.mapBatches(r.best().apply(spec), r.best().compute(MiniLm.WINDOW));
 * }</pre>
 */
public final class CpuCalibration {

  /** ONNX Runtime needs more than the default 1 MiB of stack, as on actor threads. */
  private static final long THREAD_STACK = 4L << 20;

  private CpuCalibration() {}

  /** One candidate's runs: rows/s per round, and the median. */
  public record Measurement(CpuLayout layout, double[] rowsPerSecond) {
    public double median() {
      double[] s = rowsPerSecond.clone();
      Arrays.sort(s);
      return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    @Override
    public String toString() {
      return layout
          + ": "
          + String.format("%.1f", median())
          + " rows/s (rounds "
          + Arrays.toString(rowsPerSecond)
          + ")";
    }
  }

  /** Every candidate's measurement and the fastest layout. */
  public record Result(List<Measurement> measurements, CpuLayout best) {}

  /**
   * Measures 1 actor x {@code cores} threads against {@code cores} actors x 1 thread (and the
   * shared pool variant when {@link OrtEnv#useGlobalThreadPool} was set up), {@code rounds} times
   * each.
   *
   * @param sample a tokenized window (the spec's input columns); every actor runs all of it per
   *     round
   */
  public static Result run(
      OnnxModelSpec spec,
      VectorSchemaRoot sample,
      int cores,
      int rounds,
      BufferAllocator allocator) {
    Set<CpuLayout> candidates =
        new LinkedHashSet<>(List.of(CpuLayout.oneActor(cores), CpuLayout.actorPerCore(cores)));
    if (cores > 1 && OrtEnv.globalThreadPoolSize() >= cores) {
      candidates.add(new CpuLayout(cores, 1, true));
    }
    List<CpuLayout> layouts = new ArrayList<>(candidates);
    double[][] rates = new double[layouts.size()][rounds];
    List<List<BatchUdf>> pools = new ArrayList<>();
    try {
      for (CpuLayout l : layouts) {
        pools.add(open(l, spec));
      }
      for (int i = 0; i < layouts.size(); i++) {
        timeRound(pools.get(i), sample, allocator); // warm-up: first runs allocate and JIT
      }
      for (int round = 0; round < rounds; round++) {
        for (int i = 0; i < layouts.size(); i++) {
          rates[i][round] = timeRound(pools.get(i), sample, allocator);
        }
      }
    } finally {
      pools.forEach(CpuCalibration::closeAll);
    }
    List<Measurement> out = new ArrayList<>();
    Measurement best = null;
    for (int i = 0; i < layouts.size(); i++) {
      Measurement m = new Measurement(layouts.get(i), rates[i]);
      out.add(m);
      if (best == null || m.median() > best.median()) {
        best = m;
      }
    }
    return new Result(List.copyOf(out), best.layout());
  }

  private static List<BatchUdf> open(CpuLayout layout, OnnxModelSpec spec) {
    OnnxModelSpec s = layout.apply(spec);
    List<BatchUdf> udfs = new ArrayList<>();
    try {
      for (int a = 0; a < layout.actors(); a++) {
        udfs.add(s.create(UdfContext.cpu("calibrate", a, layout.threadsPerActor())));
      }
      return udfs;
    } catch (RuntimeException e) {
      closeAll(udfs);
      throw e;
    }
  }

  /** All actors run the sample at once; rows/s over the slowest. */
  private static double timeRound(
      List<BatchUdf> actors, VectorSchemaRoot sample, BufferAllocator allocator) {
    Throwable[] failure = new Throwable[1];
    List<Thread> threads = new ArrayList<>();
    long start = System.nanoTime();
    for (BatchUdf udf : actors) {
      Thread t =
          new Thread(
              null,
              () -> {
                try {
                  udf.apply(sample, allocator).close();
                } catch (Throwable e) {
                  synchronized (failure) {
                    failure[0] = e;
                  }
                }
              },
              "sluice-calibrate",
              THREAD_STACK);
      threads.add(t);
      t.start();
    }
    for (Thread t : threads) {
      try {
        t.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SluiceException("CPU layout calibration interrupted", e);
      }
    }
    if (failure[0] != null) {
      throw new SluiceException(
          "CPU layout calibration failed: " + failure[0].getMessage(), failure[0]);
    }
    return (double) sample.getRowCount() * actors.size() / ((System.nanoTime() - start) / 1e9);
  }

  private static void closeAll(List<BatchUdf> udfs) {
    for (BatchUdf u : udfs) {
      try {
        u.close();
      } catch (Exception e) {
        // closing releases a lease; nothing to recover
      }
    }
  }
}
