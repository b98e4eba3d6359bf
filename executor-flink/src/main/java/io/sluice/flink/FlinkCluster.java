package io.sluice.flink;

import io.sluice.api.SluiceException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * A Flink session cluster jobs are submitted to over its REST API: an embedded {@link MiniCluster}
 * (tests, laptops; started here, stopped by {@link #close()}) or a remote one (standalone, YARN,
 * Kubernetes) this object only points at. Remote submissions ship the job's jars (see {@link
 * JobJars}), so a cluster started with plain Flink jars runs Sluice jobs.
 *
 * <p>Call-order rules: create, submit any number of jobs (through a backend), then close once after
 * they ended. Thread-safe.
 */
public final class FlinkCluster implements AutoCloseable {

  private static final Duration DEFAULT_CHECKPOINT_INTERVAL = Duration.ofSeconds(2);

  private final String host;
  private final int port;
  private final int parallelism;
  private final OptionalInt gpusPerTaskManager;
  private final List<Path> jars;
  private final MiniCluster mini;
  private final Duration checkpointInterval;

  private FlinkCluster(
      String host,
      int port,
      int parallelism,
      OptionalInt gpusPerTaskManager,
      List<Path> jars,
      MiniCluster mini,
      Duration checkpointInterval) {
    this.checkpointInterval = checkpointInterval;
    this.host = host;
    this.port = port;
    this.parallelism = parallelism;
    this.gpusPerTaskManager = gpusPerTaskManager;
    this.jars = List.copyOf(jars);
    this.mini = mini;
  }

  /** A MiniCluster in this JVM: one TaskManager with a slot per core (at least 2), no GPUs. */
  public static FlinkCluster embedded() {
    return embedded(1, Math.max(2, Runtime.getRuntime().availableProcessors()));
  }

  /**
   * A MiniCluster in this JVM with {@code taskManagers} x {@code slots} slots and no GPUs, REST on
   * loopback.
   */
  public static FlinkCluster embedded(int taskManagers, int slots) {
    Configuration conf = new Configuration();
    conf.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
    conf.set(RestOptions.ADDRESS, "127.0.0.1");
    conf.set(RestOptions.PORT, 0);
    MiniCluster mini =
        new MiniCluster(
            new MiniClusterConfiguration.Builder()
                .setConfiguration(conf)
                .setNumTaskManagers(taskManagers)
                .setNumSlotsPerTaskManager(slots)
                .withRandomPorts()
                .build());
    try {
      mini.start();
      URI rest = mini.getRestAddress().get();
      // Slots per stage: half of them, so a CPU stage and an actor pool both fit at once.
      return new FlinkCluster(
          rest.getHost(),
          rest.getPort(),
          Math.max(1, taskManagers * slots / 2),
          OptionalInt.of(0),
          List.of(),
          mini,
          DEFAULT_CHECKPOINT_INTERVAL);
    } catch (Exception e) {
      try {
        mini.close();
      } catch (Exception suppressed) {
        e.addSuppressed(suppressed);
      }
      throw new SluiceException("could not start an embedded Flink cluster: " + e.getMessage(), e);
    }
  }

  /**
   * A running session cluster's REST endpoint (its JobManager, e.g. {@code 127.0.0.1:8081}). Jobs
   * ship the jars of this JVM's class path except Flink's own; CPU stages run with parallelism 2.
   */
  public static FlinkCluster remote(String host, int port) {
    return remote(host, port, 2, JobJars.fromClassPath());
  }

  /**
   * A remote cluster whose CPU stages run with {@code parallelism} subtasks, shipping {@code jars}
   * (merged into at most {@link ShippedJars#MAX_FILES} files when there are more).
   */
  public static FlinkCluster remote(String host, int port, int parallelism, List<Path> jars) {
    if (parallelism < 1) {
      throw new IllegalArgumentException("parallelism must be >= 1, got " + parallelism);
    }
    return new FlinkCluster(
        host,
        port,
        parallelism,
        OptionalInt.empty(),
        ShippedJars.forUpload(jars),
        null,
        DEFAULT_CHECKPOINT_INTERVAL);
  }

  /**
   * This cluster with write jobs checkpointing every {@code interval} (default 2 s). Each
   * checkpoint closes every writer subtask's open files (the two-phase commit's first phase), so a
   * shorter interval means less work redone after a failure but more, smaller files, and a bounded
   * job's end waits for one more checkpoint. The copy shares the cluster: close only one of them.
   */
  public FlinkCluster withCheckpointInterval(Duration interval) {
    if (interval.toMillis() < 10) {
      throw new IllegalArgumentException(
          "the checkpoint interval must be at least 10 ms, got " + interval);
    }
    return new FlinkCluster(host, port, parallelism, gpusPerTaskManager, jars, mini, interval);
  }

  /** How often write jobs checkpoint. */
  public Duration checkpointInterval() {
    return checkpointInterval;
  }

  /** A new environment whose jobs go to this cluster. */
  StreamExecutionEnvironment environment(Configuration conf) {
    String[] files = jars.stream().map(Path::toString).toArray(String[]::new);
    return StreamExecutionEnvironment.createRemoteEnvironment(host, port, conf, files);
  }

  /** The REST endpoint, {@code http://host:port}. */
  public URI restAddress() {
    return URI.create("http://" + host + ":" + port);
  }

  /** Subtasks of each CPU stage. */
  public int parallelism() {
    return parallelism;
  }

  /** GPUs per TaskManager when known (embedded clusters: 0); empty for remote clusters. */
  public OptionalInt gpusPerTaskManager() {
    return gpusPerTaskManager;
  }

  public boolean isEmbedded() {
    return mini != null;
  }

  /** Stops an embedded cluster; a remote one keeps running. */
  @Override
  public void close() {
    if (mini != null) {
      try {
        mini.close();
      } catch (Exception e) {
        throw new SluiceException(
            "stopping the embedded Flink cluster failed: " + e.getMessage(), e);
      }
    }
  }

  @Override
  public String toString() {
    return (mini != null ? "embedded " : "") + "Flink cluster at " + restAddress();
  }
}
