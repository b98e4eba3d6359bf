package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.api.ExecutionOptions;
import io.sluice.api.Sluice;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sluice submit} in its own JVM ({@link JobProcess}) running a driver main from a jar
 * compiled here (in the driver JVM submit starts): the driver's {@code Sluice.local()} gets the
 * backend submit chose, and submit ends with {@code sluice run}'s exit codes, run report and
 * summary, also when the driver calls {@code System.exit} or halts its JVM.
 */
class SubmitCommandTest {

  private static final String DRIVER =
      """
      package com.acme;

      import io.sluice.api.ExecutionOptions;
      import io.sluice.api.Row;
      import io.sluice.api.Sluice;

      /** A nightly driver: MODE OUTPUT ROWS; modes ok, fail (a bad row), refused (storage down), exit, halt,
       * write-then-exit. */
      public final class Driver {
        public static void main(String[] args) throws Exception {
          String mode = args[0];
          if (mode.equals("exit")) {
            System.exit(7);
          }
          if (mode.equals("halt")) {
            Runtime.getRuntime().halt(9);
          }
          if (mode.equals("refused")) {
            throw new java.io.UncheckedIOException("cannot list s3a://corpus/in/",
                new java.net.ConnectException("Connection refused"));
          }
          try (Sluice s = Sluice.local(ExecutionOptions.builder().progress(false).build())) {
            long n = s.range(Long.parseLong(args[2]))
                .map(r -> {
                  long id = r.getLong("id");
                  if (mode.equals("fail") && id == 42) {
                    throw new IllegalStateException("driver cannot score row " + id);
                  }
                  return Row.of("id", id, "square", id * id);
                })
                .writeParquet(args[1]).rows();
            System.out.println("driver wrote " + n + " rows through " + s.backend().getClass().getSimpleName());
          }
          if (mode.equals("write-then-exit")) {
            System.exit(5); // a driver that reports its own status, after a committed write
          }
        }
      }
      """;

  @TempDir Path tmp;

  private JobProcess.Result submit(String... driverArgs) throws Exception {
    Path jar = UserJar.build(tmp.resolve("jar"), "com.acme.Driver", DRIVER);
    String[] args = new String[6 + driverArgs.length];
    System.arraycopy(
        new String[] {"submit", "--jar", jar.toString(), "--class", "com.acme.Driver", "--"},
        0,
        args,
        0,
        6);
    System.arraycopy(driverArgs, 0, args, 6, driverArgs.length);
    return JobProcess.run(tmp, args);
  }

  private JsonNode report() throws Exception {
    return new ObjectMapper().readTree(tmp.resolve("Driver.run-report.json").toFile());
  }

  @Test
  void theDriverRunsOnTheChosenBackendAndEndsWithAReport() throws Exception {
    Path out = tmp.resolve("out");
    JobProcess.Result r = submit("ok", out.toString(), "500");

    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out())
        .contains("driver wrote 500 rows through Recording")
        .contains("sluice submit com.acme.Driver")
        .contains("succeeded (exit 0)")
        .contains("500 rows committed");
    try (Sluice sluice = Sluice.local(ExecutionOptions.builder().progress(false).build())) {
      assertThat(sluice.readParquet(out.toString()).count()).isEqualTo(500);
    }
    JsonNode report = report();
    assertThat(report.get("outcome").asText()).isEqualTo("succeeded");
    assertThat(report.get("backend").asText()).isEqualTo("local");
    assertThat(report.at("/job/file").asText()).startsWith("com.acme.Driver (");
    assertThat(report.at("/rows/committed").asLong()).isEqualTo(500);
    assertThat(report.get("operators")).isNotEmpty();
  }

  @Test
  void withUiTheDriversRunIsServedAndLeavesAnHtmlReport() throws Exception {
    Path jar = UserJar.build(tmp.resolve("jar"), "com.acme.Driver", DRIVER);
    JobProcess.Result r =
        JobProcess.run(
            tmp,
            "submit",
            "--jar",
            jar.toString(),
            "--class",
            "com.acme.Driver",
            "--ui",
            "--ui-port",
            "0",
            "--",
            "ok",
            tmp.resolve("out-ui").toString(),
            "500");

    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.err()).containsPattern("sluice: dashboard on http://127\\.0\\.0\\.1:[0-9]+/");
    JsonNode report = report();
    assertThat(report.get("outcome").asText()).isEqualTo("succeeded");
    assertThat(report.at("/timeline/samples").size())
        .as("sampled from the driver's backend")
        .isGreaterThanOrEqualTo(1);
    assertThat(report.has("id")).isFalse();
    assertThat(Files.readString(tmp.resolve("Driver.run-report.html")))
        .contains("window.SLUICE_REPORT")
        .contains("\"outcome\" : \"succeeded\"");
  }

  @Test
  void aFailingDriverExits1AndAnUnreachableStorageExits75() throws Exception {
    Path out = tmp.resolve("failed");
    JobProcess.Result failed = submit("fail", out.toString(), "500");

    assertThat(failed.code()).as(failed.toString()).isEqualTo(1);
    assertThat(failed.err()).contains("driver cannot score row 42").doesNotContain("\tat ");
    assertThat(report().get("outcome").asText()).isEqualTo("failed");
    assertThat(out.resolve("_SUCCESS")).doesNotExist();

    JobProcess.Result refused = submit("refused", out.toString(), "1");
    assertThat(refused.code()).as(refused.toString()).isEqualTo(75);
    assertThat(refused.err()).contains("retry later").contains("s3a://corpus/in/");
    assertThat(report().get("outcome").asText()).isEqualTo("retry_later");
  }

  @Test
  void aBadJarOrClassExits2AndSystemExitPassesThrough() throws Exception {
    JobProcess.Result noJar =
        JobProcess.run(
            tmp,
            "submit",
            "--jar",
            tmp.resolve("nope.jar").toString(),
            "--class",
            "com.acme.Driver");
    assertThat(noJar.code()).as(noJar.toString()).isEqualTo(2);
    assertThat(noJar.err()).contains("nope.jar: no such file");

    Path jar = UserJar.build(tmp.resolve("jar"), "com.acme.Driver", DRIVER);
    JobProcess.Result noClass =
        JobProcess.run(tmp, "submit", "--jar", jar.toString(), "--class", "com.acme.Nope");
    assertThat(noClass.code()).as(noClass.toString()).isEqualTo(2);
    assertThat(noClass.err()).contains("com.acme.Nope: not found in").contains("app.jar");

    JobProcess.Result exit = submit("exit");
    assertThat(exit.code()).as(exit.toString()).isEqualTo(7);
    assertThat(report().get("exit_code").asInt()).isEqualTo(7);
    assertThat(report().at("/error/message").asText())
        .isEqualTo("the driver called System.exit(7)");
  }

  @Test
  void aDriverThatCallsSystemExitStillGetsItsReportAndSummary() throws Exception {
    Path out = tmp.resolve("out");
    JobProcess.Result r = submit("write-then-exit", out.toString(), "300");

    assertThat(r.code()).as(r.toString()).isEqualTo(5);
    assertThat(r.out()).contains("driver wrote 300 rows");
    assertThat(r.err())
        .contains("sluice submit com.acme.Driver (")
        .contains(": failed (exit 5)")
        .contains("300 rows committed to")
        .contains("the driver called System.exit(5)")
        .contains("report Driver.run-report.json");
    JsonNode report = report();
    assertThat(report.get("outcome").asText()).isEqualTo("failed");
    assertThat(report.get("exit_code").asInt()).isEqualTo(5);
    assertThat(report.at("/error/message").asText()).isEqualTo("the driver called System.exit(5)");
    assertThat(report.at("/rows/committed").asLong())
        .as("the figures of the driver's write")
        .isEqualTo(300);
    assertThat(report.get("operators")).isNotEmpty();
  }

  @Test
  void aDriverJvmThatDiesWithoutHooksStillLeavesAReport() throws Exception {
    JobProcess.Result r = submit("halt");

    assertThat(r.code()).as(r.toString()).isEqualTo(9);
    assertThat(r.err())
        .contains(": failed (exit 9)")
        .contains("without a report (Runtime.halt, or a crash");
    JsonNode report = report();
    assertThat(report.get("exit_code").asInt()).isEqualTo(9);
    assertThat(report.at("/job/file").asText()).startsWith("com.acme.Driver (");
    assertThat(report.at("/error/message").asText())
        .contains("ended with status 9 without a report");
  }
}
