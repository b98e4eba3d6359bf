package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.api.ExecutionOptions;
import io.sluice.api.Row;
import io.sluice.api.Sluice;
import io.sluice.api.spi.WriteMode;
import io.sluice.api.spi.WriteOptions;
import io.sluice.connectors.s3.S3FaultProxy;
import io.sluice.connectors.s3.S3FaultProxy.Kind;
import io.sluice.connectors.s3.S3TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sluice run} (its own JVM) reading and writing S3 through {@link S3FaultProxy} in front of
 * the in-process s3proxy: transient throttling, resets and slow answers during the read and the
 * manifest commit are retried and the output is exact; faults that outlast S3A's retries exit 75
 * with no {@code _SUCCESS} and no manifest, and the rerun after the fault clears commits once,
 * exactly.
 */
class RunS3FaultsTest {

  private static final long ROWS = 600;

  private static S3TestServer s3;
  private static S3FaultProxy proxy;

  @TempDir Path tmp;

  @BeforeAll
  static void start() throws Exception {
    s3 = new S3TestServer();
    s3.createBucket("lake");
    proxy = new S3FaultProxy(s3);
    try (Sluice sluice = Sluice.local(ExecutionOptions.builder().progress(false).build())) {
      for (int f = 0; f < 2; f++) { // two files: two read splits
        long first = f * ROWS / 2;
        sluice
            .range(ROWS / 2)
            .map(
                r ->
                    Row.of(
                        "id", first + r.getLong("id"), "text", "doc " + (first + r.getLong("id"))))
            .writeParquet(
                "s3a://lake/in/f" + f + "/",
                new WriteOptions(WriteMode.ERROR_IF_EXISTS, 1 << 20, s3.options()));
      }
    }
  }

  @AfterEach
  void clearFaults() {
    proxy.clear();
  }

  @AfterAll
  static void stop() throws Exception {
    proxy.close();
    s3.close();
  }

  /**
   * {@code sluice run} of a job reading s3a://lake/in/ and writing s3a://lake/out/NAME/DATE through
   * the proxy.
   */
  private JobProcess.Result run(String name) throws Exception {
    Path file = tmp.resolve(name + ".yaml");
    if (!Files.exists(file)) {
      Files.writeString(
          file,
          """
          version: 1
          name: %s
          source:
            format: parquet
            paths: [s3a://lake/in/f0/, s3a://lake/in/f1/]
          steps:
            - select: [id, text]
          sink:
            format: parquet
            path: s3a://lake/out/%s/${date}
          execution:
            memory_budget: 128m
            max_task_retries: 1
          """
              .formatted(name, name));
    }
    List<String> args =
        new ArrayList<>(
            List.of(
                "run",
                file.toString(),
                "--date",
                "2026-12-01",
                "--no-progress",
                "--report",
                tmp.resolve(name + ".report.json").toString()));
    Map<String, String> options = new HashMap<>(proxy.options());
    // one SDK retry under each of S3A's (2): two faults in a row on one request are still survived,
    // and a run that fails past the retries fails in seconds
    options.put("fs.s3a.attempts.maximum", "1");
    for (Map.Entry<String, String> e : options.entrySet()) {
      args.add("-D");
      args.add(e.getKey() + "=" + e.getValue());
    }
    return JobProcess.run(tmp, args.toArray(String[]::new));
  }

  private JsonNode report(String name) throws Exception {
    return new ObjectMapper().readTree(tmp.resolve(name + ".report.json").toFile());
  }

  private static boolean exists(String path) throws Exception {
    Configuration conf = new Configuration();
    s3.options().forEach(conf::set);
    org.apache.hadoop.fs.Path p = new org.apache.hadoop.fs.Path(path);
    try (FileSystem fs = FileSystem.newInstance(p.toUri(), conf)) {
      return fs.exists(p);
    }
  }

  /** The committed output's ids, read straight from the server (not through the proxy), sorted. */
  private static List<Long> ids(String path) {
    try (Sluice sluice = Sluice.local(ExecutionOptions.builder().progress(false).build())) {
      return sluice.read("parquet", List.of(path), s3.options()).takeAll().stream()
          .map(r -> r.getLong("id"))
          .sorted()
          .toList();
    }
  }

  private static List<Long> allIds() {
    return LongStream.range(0, ROWS).boxed().toList();
  }

  @Test
  void transientFaultsDuringTheReadAndTheCommitAreRetriedAndTheOutputIsExact() throws Exception {
    var throttled = proxy.inject(Kind.SLOW_DOWN, S3FaultProxy.get("in/f"), 2);
    var reset = proxy.inject(Kind.RESET_MID_BODY, S3FaultProxy.get("in/f"), 2);
    var slow = proxy.inject(Kind.DELAY, S3FaultProxy.get("in/f"), 2, 300);
    var manifest = proxy.inject(Kind.SLOW_DOWN, S3FaultProxy.upload("_sluice_manifest.json"), 2);
    var success = proxy.inject(Kind.INTERNAL_ERROR, S3FaultProxy.upload("_SUCCESS"), 1);

    JobProcess.Result r = run("transient");

    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(
            List.of(throttled.hits(), reset.hits(), slow.hits(), manifest.hits(), success.hits()))
        .as("every fault was applied: " + proxy.log())
        .containsExactly(2, 2, 2, 2, 1);
    assertThat(ids("s3a://lake/out/transient/2026-12-01/")).isEqualTo(allIds());
    assertThat(exists("s3a://lake/out/transient/2026-12-01/_SUCCESS")).isTrue();
    assertThat(report("transient").get("outcome").asText()).isEqualTo("succeeded");
  }

  @Test
  void aCommitThrottledPastTheRetriesExits75PublishesNothingAndTheRerunCommitsOnce()
      throws Exception {
    String out = "s3a://lake/out/outage/2026-12-01/";
    // the store refuses the manifest and the deletes of part files: the failed job cannot even
    // clean up
    proxy.inject(
        Kind.SLOW_DOWN,
        r ->
            r.key().startsWith("out/outage/2026-12-01/")
                && (r.method().equals("DELETE") && r.key().contains("/part-")
                    || r.method().equals("PUT") && r.key().endsWith("_sluice_manifest.json")),
        S3FaultProxy.FOREVER);

    JobProcess.Result failed = run("outage");

    assertThat(failed.code()).as(failed.toString()).isEqualTo(75);
    assertThat(failed.err())
        .contains("retry later")
        .contains("_sluice_manifest.json")
        .doesNotContain(S3TestServer.SECRET_KEY);
    assertThat(failed.out()).doesNotContain(S3TestServer.SECRET_KEY);
    assertThat(exists(out + "_SUCCESS")).isFalse();
    assertThat(exists(out + "_sluice_manifest.json")).isFalse();
    assertThat(report("outage").get("outcome").asText()).isEqualTo("retry_later");
    assertThat(report("outage").at("/output/committed").asBoolean()).isFalse();

    proxy.clear();
    JobProcess.Result rerun = run("outage");

    assertThat(rerun.code()).as(rerun.toString()).isZero();
    assertThat(ids(out)).as("committed once, exactly").isEqualTo(allIds());
    assertThat(exists(out + "_SUCCESS")).isTrue();
    JobProcess.Result again = run("outage");
    assertThat(again.code()).as(again.toString()).isZero();
    assertThat(again.out()).contains("already committed");
  }

  @Test
  void inputThatKeepsResettingExits75NamingTheObject() throws Exception {
    proxy.inject(Kind.RESET_MID_BODY, S3FaultProxy.get("in/f1/"), S3FaultProxy.FOREVER);

    JobProcess.Result r = run("resets");

    assertThat(r.code()).as(r.toString()).isEqualTo(75);
    assertThat(r.err()).contains("retry later").contains("s3a://lake/in/f1/");
    assertThat(exists("s3a://lake/out/resets/2026-12-01/_SUCCESS")).isFalse();
    assertThat(report("resets").get("outcome").asText()).isEqualTo("retry_later");
  }
}
