package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard's API against real running jobs ({@code sluice run --ui}): its answer has the run
 * report's schema, its figures move while the job runs, and why-blocked names memory when the
 * budget holds the source back and input when the operator before is slow.
 */
class WhyBlockedApiTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  @Test
  void aSlowUpstreamLeavesItsConsumerWaitingForInputAndTheFiguresMove() throws Exception {
    Path in = JobCorpus.write(tmp.resolve("in"), 6000, 12);
    Path file =
        job(
            "slow-job",
            in,
            "- filter: {class: io.sluice.cli.testjobs.SlowFilter}\n"
                + "  - udf: {class: io.sluice.cli.testjobs.RowCountColumn, compute: {actors: 1, cpus: 1}}",
            "64m");
    int port = DashboardTest.freePort();
    String ops = "http://127.0.0.1:" + port + "/api/jobs/slow-job-2026-12-01/operators";
    CompletableFuture<CliRun> run = start(file, port);

    JsonNode first = await(ops, run, o -> rowsOut(o, "SlowFilter") > 0);
    JsonNode later = await(ops, run, o -> rowsOut(o, "SlowFilter") > rowsOut(first, "SlowFilter"));
    assertThat(rowsOut(later, "SlowFilter"))
        .as("rows out of the slow filter move")
        .isGreaterThan(rowsOut(first, "SlowFilter"));
    JsonNode waiting =
        await(ops, run, o -> blocked(o, "RowCountColumn").equals("waiting_for_input"));
    assertThat(blocked(waiting, "RowCountColumn")).isEqualTo("waiting_for_input");
    JsonNode live =
        JSON.readTree(
            DashboardTest.get("http://127.0.0.1:" + port + "/api/jobs/slow-job-2026-12-01").body());

    CliRun done = run.get(120, TimeUnit.SECONDS);
    assertThat(done.exitCode()).as(done.err()).isZero();
    JsonNode report = JSON.readTree(tmp.resolve("out/2026-12-01.run-report.json").toFile());
    // the same schema: every key of the report, and beyond them only the documented live ones
    Set<String> reportKeys = keys(report);
    assertThat(reportKeys.remove("inputs"))
        .as("the inputs a run read, written at its end")
        .isTrue();
    assertThat(keys(live)).containsAll(reportKeys).isSubsetOf(union(reportKeys, Set.of("id")));
    assertThat(live.path("outcome").asText()).isEqualTo("running");
    assertThat(live.path("memory").has("used_bytes")).isTrue();
    Set<String> opKeys = keys(report.path("operators").get(0));
    opKeys.removeAll(
        Set.of("blocked_seconds", "blocked_at_end", "actors")); // written at the end only
    assertThat(keys(live.path("operators").get(0))).containsAll(opKeys).contains("state");
  }

  @Test
  void aTightBudgetHoldsTheSourceWaitingForMemory() throws Exception {
    Path in = JobCorpus.write(tmp.resolve("in"), 60_000, 12);
    Path gate = tmp.resolve("gate");
    Path file = job("tight-job", in, "- filter: {class: io.sluice.cli.testjobs.GatedFilter}", "2m");
    int port = DashboardTest.freePort();
    String url = "http://127.0.0.1:" + port + "/api/jobs/tight-job-2026-12-01";
    System.setProperty("sluice.test.gate", gate.toString());
    try {
      CompletableFuture<CliRun> run = start(file, port);
      JsonNode held =
          await(
              url + "/operators", run, o -> blocked(o, "ReadParquet").equals("waiting_for_memory"));
      assertThat(blocked(held, "ReadParquet")).isEqualTo("waiting_for_memory");
      JsonNode report = JSON.readTree(DashboardTest.get(url).body());
      assertThat(report.at("/memory/budget_bytes").asLong()).isEqualTo(2L << 20);
      assertThat(report.at("/memory/used_bytes").asLong()).isPositive();
      Files.createFile(gate);
      CliRun done = run.get(120, TimeUnit.SECONDS);
      assertThat(done.exitCode()).as(done.err()).isZero();
    } finally {
      System.clearProperty("sluice.test.gate");
    }
  }

  private Path job(String name, Path in, String steps, String budget) throws Exception {
    Path file = tmp.resolve(name + ".yaml");
    Files.writeString(
        file,
        """
        version: 1
        name: %s
        source: {format: parquet, paths: "%s"}
        steps:
          %s
        sink: {format: parquet, path: "%s/out/${date}"}
        execution: {memory_budget: %s}
        """
            .formatted(name, in, steps, tmp, budget));
    return file;
  }

  private static CompletableFuture<CliRun> start(Path file, int port) {
    return CompletableFuture.supplyAsync(
        () ->
            CliRun.of(
                "run",
                file.toString(),
                "--date",
                "2026-12-01",
                "--no-progress",
                "--ui",
                "--ui-port",
                Integer.toString(port)));
  }

  /**
   * The operators' answer once {@code until} holds for it (polled while the job runs, at most 60
   * s).
   */
  private static JsonNode await(
      String url, CompletableFuture<CliRun> run, Predicate<JsonNode> until) throws Exception {
    JsonNode last = null;
    Set<String> seen = new TreeSet<>();
    for (int i = 0; i < 600 && !run.isDone(); i++) {
      try {
        last = JSON.readTree(DashboardTest.get(url).body()).path("operators");
        last.forEach(
            o -> seen.add(o.path("name").asText() + ":" + o.at("/state/blocked").asText()));
        if (last.size() > 0 && until.test(last)) {
          return last;
        }
      } catch (IOException starting) {
        // not serving yet
      }
      Thread.sleep(100);
    }
    throw new AssertionError(
        "never seen; reasons seen: "
            + seen
            + "; last answer: "
            + last
            + (run.isDone() ? "; run: " + run.get().err() : ""));
  }

  private static JsonNode op(JsonNode ops, String nameContains) {
    for (JsonNode o : ops) {
      if (o.path("name").asText().contains(nameContains)) {
        return o;
      }
    }
    throw new AssertionError("no operator " + nameContains + " in " + ops);
  }

  private static long rowsOut(JsonNode ops, String name) {
    return op(ops, name.equals("SlowFilter") ? "Filter" : name).path("rows_out").asLong();
  }

  private static String blocked(JsonNode ops, String name) {
    return op(ops, name).at("/state/blocked").asText();
  }

  private static Set<String> keys(JsonNode n) {
    Set<String> out = new HashSet<>();
    for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
      out.add(it.next());
    }
    return out;
  }

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> out = new HashSet<>(a);
    out.addAll(b);
    return out;
  }
}
