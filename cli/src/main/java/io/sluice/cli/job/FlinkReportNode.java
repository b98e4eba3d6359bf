package io.sluice.cli.job;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.flink.FlinkClusterView;

/**
 * The run report's {@code flink} object (docs/run-report.md) for a run on the Flink backend:
 * Flink's web UI and the job's page in it, the TaskManagers ({@code id}, {@code host}, {@code
 * slots}, {@code free_slots}, {@code gpus}, {@code kind} cpu or gpu), each task's placement ({@code
 * task}, {@code parallelism}, {@code task_managers}), and {@code error} (null, or why Flink's REST
 * API could not be read: then the lists hold what was read before it).
 */
final class FlinkReportNode {

  private FlinkReportNode() {}

  static ObjectNode of(FlinkClusterView view) {
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    n.put("job_id", view.jobId());
    n.put("web_ui", view.webUi().toString());
    n.put("job_page", view.jobPage().toString());
    if (view.error() == null) {
      n.putNull("error");
    } else {
      n.put("error", view.error());
    }
    ArrayNode tms = n.putArray("task_managers");
    for (FlinkClusterView.TaskManager tm : view.taskManagers()) {
      ObjectNode t = tms.addObject();
      t.put("id", tm.id());
      t.put("host", tm.host());
      t.put("slots", tm.slots());
      t.put("free_slots", tm.freeSlots());
      t.put("gpus", tm.gpus());
      t.put("kind", tm.kind());
    }
    ArrayNode placement = n.putArray("placement");
    for (FlinkClusterView.Placement p : view.placement()) {
      ObjectNode o = placement.addObject();
      o.put("task", p.task());
      o.put("parallelism", p.parallelism());
      ArrayNode on = o.putArray("task_managers");
      p.taskManagers().forEach(on::add);
    }
    return n;
  }
}
