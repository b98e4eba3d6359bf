package io.sluice.flink;

import io.sluice.api.JobStats;
import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * What Flink's REST API said about a job's cluster when the job ended: its TaskManagers (slots,
 * GPUs), which TaskManagers ran each of the job's tasks (Flink's job vertices, chains of operators)
 * and where Flink's own web UI is. Read by {@link FlinkRestReader}; a cluster whose REST API did
 * not answer gives a view with an {@link #error()} and whatever was read before it.
 *
 * @param webUi Flink's web UI (the REST endpoint serves it when the cluster has flink-runtime-web)
 * @param jobId Flink's id of the job
 * @param taskManagers the TaskManagers registered when the job ended
 * @param placement each task (job vertex) of the job and the TaskManagers its subtasks ran on
 * @param error why the REST API could not be read, or null when it could
 */
public record FlinkClusterView(
    URI webUi,
    String jobId,
    List<TaskManager> taskManagers,
    List<Placement> placement,
    String error) {

  /** A TaskManager with GPUs (the {@code gpu} external resource): where GPU actor pools run. */
  public static final String GPU = "gpu";

  /** A TaskManager without GPUs: where sources, CPU stages and sinks run. */
  public static final String CPU = "cpu";

  public FlinkClusterView {
    taskManagers = List.copyOf(taskManagers);
    placement = List.copyOf(placement);
  }

  /**
   * One TaskManager.
   *
   * @param id its resource id ({@code cpu-0}, {@code gpu-0} on a {@code sluice cluster})
   * @param host where it runs, from its RPC address (the REST endpoint's host when that has none)
   * @param gpus the {@code gpu} external resources it advertises (0 for none)
   * @param kind {@link #GPU} when it has GPUs, else {@link #CPU}
   */
  public record TaskManager(
      String id, String host, int slots, int freeSlots, int gpus, String kind) {}

  /**
   * One task of the job and where it ran.
   *
   * @param task the job vertex's name (Flink chains operators: {@code A -> B})
   * @param parallelism its subtasks
   * @param taskManagers the ids of the TaskManagers its subtasks ran on, sorted
   */
  public record Placement(String task, int parallelism, List<String> taskManagers) {
    public Placement {
      taskManagers = List.copyOf(taskManagers);
    }
  }

  /** Whether the REST API answered every question. */
  public boolean reachable() {
    return error == null;
  }

  /** The job's page in Flink's web UI (the job has ended when this view is read). */
  public URI jobPage() {
    return webUi.resolve("/#/job/completed/" + jobId + "/overview");
  }

  /** The cluster view a Flink job's figures carry; empty for other backends' jobs. */
  public static Optional<FlinkClusterView> of(JobStats stats) {
    return stats instanceof FlinkJobStats f ? Optional.ofNullable(f.cluster()) : Optional.empty();
  }
}
