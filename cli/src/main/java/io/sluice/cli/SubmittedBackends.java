package io.sluice.cli;

import io.sluice.api.ExecutionOptions;
import io.sluice.api.JobStats;
import io.sluice.api.SluiceException;
import io.sluice.api.plan.LogicalNode;
import io.sluice.api.spi.BatchStream;
import io.sluice.api.spi.Datasink;
import io.sluice.api.spi.ExecutionBackend;
import io.sluice.api.spi.ExecutionBackendFactory;
import io.sluice.api.spi.WriteResult;
import io.sluice.flink.FlinkSluice;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import org.apache.arrow.memory.BufferAllocator;

/**
 * The backends a user's driver gets under {@code sluice submit}: inside the driver, {@code
 * Sluice.local()} (and {@code Sluice.backend("local", ...)}) open the backend that submit chose
 * (this JVM, or the Flink cluster of {@code --cluster}), and {@code Sluice.backend("flink", ...)}
 * the Flink backend; each is wrapped in a {@link Recording} so submit's run report can show the
 * driver's last job. The driver finds them through {@link DriverLoader}, its context class loader,
 * whose list of {@link ExecutionBackendFactory} services names these instead of the executor's.
 *
 * <p>One submission per JVM ({@code sluice submit} runs one driver and exits): {@link #begin}
 * before the driver's main, {@link #last} after it.
 */
final class SubmittedBackends {

  private static final String SERVICES =
      "META-INF/services/" + ExecutionBackendFactory.class.getName();

  /** What submit chose, and the driver's most recent job; set by {@link #begin}. */
  private static volatile String chosen = "local";

  private static volatile String cluster;
  private static volatile List<Path> driverJars = List.of();
  private static volatile Recording latest;

  private SubmittedBackends() {}

  /**
   * Starts a submission: {@code Sluice.local()} in the driver opens the local backend, or with a
   * {@code clusterAddress} (HOST:PORT) the Flink cluster there, whose jobs then ship {@code jars}
   * too.
   */
  static void begin(String clusterAddress, List<Path> jars) {
    chosen = clusterAddress == null ? "local" : "flink";
    cluster = clusterAddress;
    driverJars = List.copyOf(jars);
    latest = null;
  }

  /** The backend of the driver's most recent job, if it ran one. */
  static Optional<Recording> last() {
    return Optional.ofNullable(latest);
  }

  private static ExecutionBackend open(String name, ExecutionOptions options) {
    if (name.equals("flink") && cluster != null) {
      return new Recording(
          FlinkSluice.on(ClusterOption.remote(cluster, driverJars), options).backend(), name);
    }
    for (ExecutionBackendFactory f :
        ServiceLoader.load(
            ExecutionBackendFactory.class, SubmittedBackends.class.getClassLoader())) {
      if (f.name().equals(name)) {
        return new Recording(f.create(options), name);
      }
    }
    throw new IllegalStateException("no execution backend '" + name + "' in the launcher");
  }

  /** {@code Sluice.local()} under submit: the chosen backend. */
  public static final class Local implements ExecutionBackendFactory {
    @Override
    public String name() {
      return "local";
    }

    @Override
    public ExecutionBackend create(ExecutionOptions options) {
      return open(chosen, options);
    }
  }

  /**
   * {@code Sluice.backend("flink", ...)} under submit: Flink (the cluster of --cluster, else
   * embedded).
   */
  public static final class Flink implements ExecutionBackendFactory {
    @Override
    public String name() {
      return "flink";
    }

    @Override
    public ExecutionBackend create(ExecutionOptions options) {
      return open("flink", options);
    }
  }

  /** A backend that remembers its last write, and tells submit which backend ran last. */
  static final class Recording implements ExecutionBackend {
    private final ExecutionBackend backend;
    private final String name;
    private volatile WriteResult written;
    private volatile JobStats stats;

    Recording(ExecutionBackend backend, String name) {
      this.backend = backend;
      this.name = name;
    }

    String name() {
      return name;
    }

    /** The last committed write, or null. */
    WriteResult written() {
      return written;
    }

    @Override
    public ExecutionOptions options() {
      return backend.options();
    }

    @Override
    public BatchStream stream(LogicalNode plan) {
      latest = this;
      return backend.stream(plan);
    }

    @Override
    public WriteResult write(LogicalNode plan, Datasink sink) {
      latest = this;
      written = null;
      stats = null;
      try {
        WriteResult w = backend.write(plan, sink);
        written = w;
        stats = w.stats();
        return w;
      } catch (RuntimeException e) {
        stats = SluiceException.jobStatsOf(e).orElse(null);
        throw e;
      }
    }

    /** The figures of the last write this backend ran (committed or failed), if known. */
    Optional<JobStats> lastJobStats() {
      return Optional.ofNullable(stats);
    }

    /**
     * The live figures of a job running now (a driver that exits mid-job), else {@link
     * #lastJobStats}.
     */
    Optional<JobStats> currentOrLastJobStats() {
      List<JobStats> running = runningJobStats();
      return running.isEmpty() ? lastJobStats() : Optional.of(running.get(running.size() - 1));
    }

    @Override
    public List<JobStats> runningJobStats() {
      return backend.runningJobStats();
    }

    @Override
    public BufferAllocator allocator() {
      return backend.allocator();
    }

    @Override
    public void close() {
      backend.close();
    }
  }

  /**
   * The driver's class loader: its jars over the launcher's classes, with {@link
   * SubmittedBackends}' services.
   */
  static final class DriverLoader extends URLClassLoader {
    DriverLoader(URL[] jars, ClassLoader parent) {
      super("sluice-driver", jars, parent);
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
      if (name.equals(SERVICES)) {
        return Collections.enumeration(
            Collections.singletonList(
                SubmittedBackends.class.getResource("submit-backends.services")));
      }
      return super.getResources(name);
    }
  }
}
