package io.sluice.remote;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.api.Row;
import io.sluice.api.Sluice;
import io.sluice.remote.fixture.FixtureProcess;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A remote job killed with SIGKILL mid-run and resumed under the same job id: every row is written
 * exactly once with its server answer, and the resumed run does not ask the server again for the
 * splits the killed run had checkpointed (the server counts every request).
 */
class RemoteResumeTest {

  private static final int FILES = 12;
  private static final int ROWS_PER_FILE = 50;

  @TempDir Path dir;

  @Test
  void aKilledJobResumesWithoutPayingTwiceForFinishedSplits() throws Exception {
    int n = FILES * ROWS_PER_FILE;
    List<String> texts = Corpus.texts(n);
    List<String> inputs = new ArrayList<>();
    try (Sluice s = Sluice.local(Corpus.opts().build())) {
      for (int f = 0; f < FILES; f++) {
        Path file = dir.resolve("in-" + f);
        s.fromItems(Corpus.rows(texts).subList(f * ROWS_PER_FILE, (f + 1) * ROWS_PER_FILE))
            .writeParquet(file.toString());
        inputs.add(file.toString());
      }
    }
    Path output = dir.resolve("out");
    try (FixtureProcess server = FixtureProcess.start("--latency-ms", "40")) {
      // 600 requests, 2 at a time, 40 ms each: about 12 s; killed once a split is checkpointed.
      Process first = child(output, server, inputs);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
      while (checkpoints() == 0 && first.isAlive() && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      Thread.sleep(300);
      assertThat(first.isAlive()).as("the first run is still going when killed").isTrue();
      first.destroyForcibly(); // SIGKILL
      first.waitFor();
      long checkpointed = checkpoints();
      long firstRequests = server.requests();
      assertThat(checkpointed).isPositive();
      assertThat(output.resolve("_SUCCESS")).doesNotExist();

      Process second = child(output, server, inputs);
      assertThat(second.waitFor(180, TimeUnit.SECONDS)).isTrue();
      assertThat(second.exitValue()).as(() -> log()).isZero();
      long resumedRequests = server.requests() - firstRequests;
      assertThat(firstRequests + resumedRequests).isGreaterThanOrEqualTo(n);
      assertThat(resumedRequests)
          .as("requests of the resumed run: none for the %d checkpointed splits", checkpointed)
          .isLessThanOrEqualTo(n - checkpointed * ROWS_PER_FILE);

      try (Sluice s = Sluice.local(Corpus.opts().build())) {
        List<Row> rows = s.readParquet(output.toString()).takeAll();
        assertThat(rows).hasSize(n);
        Set<Long> ids = new HashSet<>();
        for (Row r : rows) {
          assertThat(ids.add(r.getLong("id"))).as("duplicate id %s", r.getLong("id")).isTrue();
          assertThat(r.getString("reply"))
              .isEqualTo("echo: Say: " + texts.get((int) r.getLong("id")));
        }
      }
    }
  }

  private long checkpoints() throws Exception {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(p -> p.toString().endsWith(".ckpt")).count();
    }
  }

  private String log() {
    try {
      return Files.readString(dir.resolve("child.log"));
    } catch (Exception e) {
      return "no log: " + e;
    }
  }

  private Process child(Path output, FixtureProcess server, List<String> inputs) throws Exception {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                System.getProperty("java.home") + File.separator + "bin" + File.separator + "java",
                "--add-opens=java.base/java.nio=ALL-UNNAMED",
                "-Xmx512m",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-cp",
                System.getProperty("java.class.path"),
                RemoteResumeJobMain.class.getName(),
                output.toString(),
                "remote-resume",
                server.uri().toString()));
    cmd.addAll(inputs);
    return new ProcessBuilder(cmd)
        .redirectErrorStream(true)
        .redirectOutput(dir.resolve("child.log").toFile())
        .start();
  }
}
