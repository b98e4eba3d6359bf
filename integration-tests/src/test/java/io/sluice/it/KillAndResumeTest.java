package io.sluice.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.api.ExecutionOptions;
import io.sluice.api.Row;
import io.sluice.api.Sluice;
import io.sluice.api.spi.WriteOptions;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kill -9 a job (a child JVM) at several random points, resume it with the same job id each time,
 * and check the final output: the id set equals the input's, no duplicates, and the content
 * checksum equals an uninterrupted run's. CI runs 120,000 rows; {@code
 * -Dsluice.resume.rows=1000000} runs the full-size variant.
 */
class KillAndResumeTest {

  @TempDir Path dir;

  static final long ROWS = Long.getLong("sluice.resume.rows", 120_000);
  static final int KILLS = Integer.getInteger("sluice.resume.kills", 5);

  @Test
  void killedJobResumesWithExactlyOneCopyOfEachRow() throws Exception {
    Path input = dir.resolve("input");
    try (Sluice s = Sluice.local(ExecutionOptions.builder().progress(false).build())) {
      s.range(ROWS)
          .map(r -> Row.of("id", r.getLong("id")))
          .writeParquet(
              input.toString(),
              WriteOptions.defaults()
                  .withTargetFileBytes(4 << 20)
                  .withProperty("rowGroupBytes", String.valueOf(8 << 10)));
    }
    long sleepPerBlock = 200; // about 12 s of work, after a JVM start of about 3 s
    Path reference = dir.resolve("reference");
    assertThat(runChild(input, reference, "-", 0, null, 0))
        .as(() -> "reference run exit code; " + log(reference))
        .isZero();

    Path output = dir.resolve("output");
    Random random = new Random(Long.getLong("sluice.resume.seed", 20261121));
    int killed = 0;
    long checkpointsSeen = 0;
    for (int k = 0; k < KILLS; k++) {
      // Kill at a random moment after this run made progress of its own (a new checkpoint), so
      // every kill lands mid-job whatever the JVM's start-up time on a loaded machine.
      long before = countCheckpoints(dir);
      long extraMillis = random.nextInt(1500);
      int exit =
          runChild(
              input,
              output,
              "nightly-embed",
              sleepPerBlock,
              () -> countCheckpoints(dir) > before,
              extraMillis);
      if (exit == 0) {
        break; // finished before the kill: nothing left to resume
      }
      killed++;
      int kill = k + 1;
      assertThat(output.resolve("_SUCCESS"))
          .as(() -> "kill " + kill + " landed after the commit; " + log(output))
          .doesNotExist();
      checkpointsSeen = Math.max(checkpointsSeen, countCheckpoints(dir));
    }
    assertThat(killed).as("kills that landed mid-job").isEqualTo(KILLS);
    assertThat(checkpointsSeen).as("splits checkpointed before a kill").isPositive();
    if (!Files.exists(output.resolve("_SUCCESS"))) {
      assertThat(runChild(input, output, "nightly-embed", 0, null, 0))
          .as(() -> "final resume run exit code; " + log(output))
          .isZero();
    }

    try (Sluice s = Sluice.local(ExecutionOptions.builder().progress(false).build())) {
      List<Row> got = s.readParquet(output.toString()).takeAll();
      List<Row> ref = s.readParquet(reference.toString()).takeAll();
      Set<Long> ids = new HashSet<>();
      for (Row r : got) {
        assertThat(ids.add(r.getLong("id"))).as("duplicate id %s", r.getLong("id")).isTrue();
      }
      assertThat(ids).hasSize((int) ROWS);
      assertThat(ids).allMatch(id -> id >= 0 && id < ROWS);
      assertThat(checksum(got)).isEqualTo(checksum(ref));
    }
    try (Stream<Path> leftovers = Files.list(dir)) {
      assertThat(leftovers.map(p -> p.getFileName().toString()))
          .noneMatch(n -> n.startsWith(".sluice-staging"));
    }
  }

  /**
   * The last lines of the child's log for an assertion message: the temporary directory holding it
   * is gone by the time anyone reads the failure.
   */
  static String log(Path output) {
    Path log = output.resolveSibling(output.getFileName() + ".log");
    try {
      List<String> lines = Files.readAllLines(log);
      return "the child's log "
          + log
          + " ends:\n"
          + String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    } catch (IOException e) {
      return "the child's log " + log + " cannot be read: " + e;
    }
  }

  /** Order-independent checksum of (id, value) pairs. */
  static long checksum(List<Row> rows) {
    long sum = 0;
    for (Row r : rows) {
      sum += (r.getLong("id") * 31 + r.getString("value").hashCode()) * 0x9E3779B97F4A7C15L;
    }
    return sum;
  }

  static long countCheckpoints(Path root) throws IOException {
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(p -> p.toString().endsWith(".ckpt")).count();
    }
  }

  /** A condition polled while the child runs. */
  interface KillWhen {
    boolean now() throws IOException;
  }

  /**
   * Runs the job in a child JVM. With {@code killWhen}, kills it with SIGKILL {@code extraMillis}
   * after the condition first holds; returns -9 then, else the exit code.
   */
  static int runChild(
      Path input, Path output, String jobId, long sleep, KillWhen killWhen, long extraMillis)
      throws Exception {
    List<String> cmd =
        new ArrayList<>(
            List.of(
                System.getProperty("java.home") + File.separator + "bin" + File.separator + "java",
                "--add-opens=java.base/java.nio=ALL-UNNAMED",
                "-Xmx1g",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-cp",
                System.getProperty("java.class.path"),
                ResumableJobMain.class.getName(),
                input.toString(),
                output.toString(),
                jobId,
                String.valueOf(sleep)));
    Process p =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(output.resolveSibling(output.getFileName() + ".log").toFile())
            .start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
    while (killWhen != null && p.isAlive() && System.nanoTime() < deadline) {
      if (killWhen.now()) {
        if (!p.waitFor(extraMillis, TimeUnit.MILLISECONDS)) {
          p.destroyForcibly(); // SIGKILL: no shutdown hooks, no cleanup
          p.waitFor();
          return -9;
        }
        break;
      }
      Thread.sleep(20);
    }
    if (!p.waitFor(300, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("child job did not finish in 300 s");
    }
    return p.exitValue();
  }
}
