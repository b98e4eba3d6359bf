package io.sluice.flink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a {@link FlinkClusterView} from a JobManager's REST API: {@code /taskmanagers} (slots, free
 * slots, the {@code gpu} external resource), {@code /jobs/{id}} (the job's vertices) and {@code
 * /jobs/{id}/vertices/{vid}/taskmanagers} (where each vertex's subtasks ran). Never throws: a REST
 * API that does not answer (or answers an error) ends the reading, and the view says why, so a
 * job's outcome never depends on it. Stateless; any thread.
 */
public final class FlinkRestReader {

  /** Short: the view is a nicety read as the job ends, and a dead endpoint must not hold it up. */
  private static final Duration CONNECT = Duration.ofSeconds(2);

  private static final Duration REQUEST = Duration.ofSeconds(5);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** {@code pekko.tcp://flink@HOST:PORT/user/rpc/taskmanager_0}: the host of a TM's RPC path. */
  private static final Pattern RPC_HOST = Pattern.compile("@([^:/]+)[:/]");

  private FlinkRestReader() {}

  /** The cluster behind {@code rest} ({@code http://host:port}) and job {@code jobId} on it. */
  public static FlinkClusterView read(URI rest, String jobId) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(CONNECT).build();
    List<FlinkClusterView.TaskManager> tms = new ArrayList<>();
    List<FlinkClusterView.Placement> placement = new ArrayList<>();
    String error = null;
    try {
      for (JsonNode tm : get(http, rest, "/taskmanagers").path("taskmanagers")) {
        tms.add(taskManager(tm, rest.getHost()));
      }
      for (JsonNode v : get(http, rest, "/jobs/" + jobId).path("vertices")) {
        TreeSet<String> on = new TreeSet<>();
        String path = "/jobs/" + jobId + "/vertices/" + v.path("id").asText() + "/taskmanagers";
        for (JsonNode tm : get(http, rest, path).path("taskmanagers")) {
          on.add(tm.path("taskmanager-id").asText());
        }
        placement.add(
            new FlinkClusterView.Placement(
                v.path("name").asText(), v.path("parallelism").asInt(), List.copyOf(on)));
      }
    } catch (IOException e) {
      error =
          "Flink's REST API at "
              + rest
              + " did not answer: "
              + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      error = "interrupted while reading Flink's REST API at " + rest;
    }
    return new FlinkClusterView(rest.resolve("/"), jobId, tms, placement, error);
  }

  private static FlinkClusterView.TaskManager taskManager(JsonNode tm, String restHost) {
    int gpus =
        (int)
            tm.path("totalResource")
                .path("extendedResources")
                .path(FlinkClusterView.GPU)
                .asDouble();
    Matcher m = RPC_HOST.matcher(tm.path("path").asText());
    return new FlinkClusterView.TaskManager(
        tm.path("id").asText(),
        m.find() ? m.group(1) : restHost,
        tm.path("slotsNumber").asInt(),
        tm.path("freeSlots").asInt(),
        gpus,
        gpus > 0 ? FlinkClusterView.GPU : FlinkClusterView.CPU);
  }

  private static JsonNode get(HttpClient http, URI rest, String path)
      throws IOException, InterruptedException {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(rest.resolve(path)).timeout(REQUEST).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IOException("GET " + path + " answered " + r.statusCode());
    }
    return JSON.readTree(r.body());
  }
}
