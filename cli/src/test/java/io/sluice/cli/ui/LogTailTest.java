package io.sluice.cli.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The dashboard's log tail: what it keeps of slf4j-simple's lines, its bound, redaction and the
 * tee.
 */
class LogTailTest {

  @Test
  void keepsWarnAndAboveInSlf4jSimplesFormatAndDropsTheRest() {
    LogTail tail = new LogTail(10, "WARN");
    tail.line("[sluice-task-3] WARN io.sluice.executor.Job - slow source: no batch for 30 s");
    tail.line("[main] INFO io.sluice.cli.RunCommand - started");
    tail.line("ERROR io.sluice.x.Y - no thread shown");
    tail.line("a plain line from a UDF's println");
    JsonNode lines = tail.lines();
    assertThat(lines).hasSize(2);
    assertThat(lines.get(0).path("level").asText()).isEqualTo("WARN");
    assertThat(lines.get(0).path("thread").asText()).isEqualTo("sluice-task-3");
    assertThat(lines.get(0).path("logger").asText()).isEqualTo("io.sluice.executor.Job");
    assertThat(lines.get(0).path("message").asText()).isEqualTo("slow source: no batch for 30 s");
    assertThat(lines.get(1).path("level").asText()).isEqualTo("ERROR");
    assertThat(lines.get(1).path("thread").isNull()).isTrue();
  }

  @Test
  void aLowerLevelKeepsTheLinesItLetsThroughFromThenOn() {
    LogTail tail = new LogTail(10, "WARN");
    tail.line("[main] INFO a.B - before");
    tail.minLevel("INFO");
    tail.line("[main] INFO a.B - after");
    tail.line("[main] DEBUG a.B - too low");
    assertThat(tail.lines()).extracting(n -> n.path("message").asText()).containsExactly("after");
    assertThatThrownBy(() -> tail.minLevel("info"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("TRACE, DEBUG, INFO, WARN, ERROR");
  }

  @Test
  void holdsOnlyTheLastLinesOfItsCapacity() {
    LogTail tail = new LogTail(3, "INFO");
    for (int i = 0; i < 10; i++) {
      tail.line("[t] INFO a.B - line " + i);
    }
    assertThat(tail.lines())
        .extracting(n -> n.path("message").asText())
        .containsExactly("line 7", "line 8", "line 9");
  }

  @Test
  void redactsValuesAfterSecretLookingKeys() {
    assertThat(LogTail.redact("fs.s3a.secret.key=abc123 and password: hunter2, token=\"t0k\" ok"))
        .isEqualTo(
            "fs.s3a.secret.key=<redacted> and password: <redacted>, token=\"<redacted>\" ok");
    assertThat(LogTail.redact("read 12 rows from s3://bucket/key.parquet"))
        .isEqualTo("read 12 rows from s3://bucket/key.parquet");
  }

  @Test
  void teesSystemErrWhileInstalledAndRestoresIt() {
    PrintStream before = System.err;
    ByteArrayOutputStream seen = new ByteArrayOutputStream();
    PrintStream under = new PrintStream(seen, true, StandardCharsets.UTF_8);
    System.setErr(under);
    try {
      LogTail tail = LogTail.install(5, "WARN");
      System.err.println("[main] WARN a.B - first");
      System.err.print("[main] ERROR a.B - sec");
      System.err.print("ond\n");
      tail.close();
      System.err.println("[main] WARN a.B - after close");
      assertThat(System.err).isSameAs(under);
      assertThat(tail.lines())
          .extracting(n -> n.path("message").asText())
          .containsExactly("first", "second");
      assertThat(seen.toString(StandardCharsets.UTF_8))
          .contains("WARN a.B - first\n")
          .contains("ERROR a.B - second\n")
          .contains("after close");
    } finally {
      System.setErr(before);
    }
  }

  @Test
  void anUnknownLevelIsAnError() {
    assertThatThrownBy(() -> new LogTail(5, "LOUD"))
        .hasMessageContaining("LOUD")
        .hasMessageContaining("WARN");
  }
}
