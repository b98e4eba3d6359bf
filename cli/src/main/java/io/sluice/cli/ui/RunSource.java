package io.sluice.cli.ui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;

/**
 * The runs a dashboard shows, each as a run-report tree (docs/run-report.md) with an {@code id}:
 * the run going on in this launcher, or past run reports on disk. Queries only; any thread.
 */
public interface RunSource {

  /** Every run's report, newest first. */
  List<ObjectNode> reports();

  /** One run's report by {@code id}, as it is now. */
  Optional<ObjectNode> report(String id);

  /** Whether run {@code id} is still going (its figures still move). */
  boolean isLive(String id);

  /** The fields of a report that a list of runs shows. */
  static ObjectNode summary(ObjectNode report) {
    ObjectNode s = JsonNodeFactory.instance.objectNode();
    s.set("id", report.get("id"));
    JsonNode job = report.path("job");
    for (String f : List.of("name", "job_id", "date", "file")) {
      if (job.has(f)) {
        s.set(f, job.get(f));
      }
    }
    for (String f :
        List.of(
            "backend", "outcome", "exit_code", "started", "ended", "duration_seconds", "rows")) {
      if (report.has(f)) {
        s.set(f, report.get(f));
      }
    }
    return s;
  }
}
