package io.sluice.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.api.ExecutionOptions;
import io.sluice.api.Row;
import io.sluice.api.Sluice;
import io.sluice.api.spi.WriteOptions;
import io.sluice.connectors.testing.DuckDb;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Chaos runs, reproducible from {@code -Dsluice.chaos.seed}: a resumable job in a child JVM is
 * SIGKILLed at random moments, timed ones and exact ones inside the write and commit path (a task
 * file, a checkpoint record and its rename, a delete, the staging rename, {@code _SUCCESS}: see
 * {@link ChaosFileSystem}), and rerun with the same command after each kill until it completes;
 * then a new job starts, until {@code -Dsluice.chaos.kills} (CI: 4, long mode: 20 or more) kills
 * have landed, once with the staging protocol and once with the manifest protocol. DuckDB then
 * checks each output against an uninterrupted run: every id exactly once, the same values. Prints
 * kills survived / rows lost / rows duplicated.
 */
class ChaosTest {

  @TempDir Path dir;

  static final long ROWS = Long.getLong("sluice.chaos.rows", 30_000);
  static final int KILLS = Integer.getInteger("sluice.chaos.kills", 4);
  static final long SEED = Long.getLong("sluice.chaos.seed", 20261202);
  static final int SPILL_KILLS = Integer.getInteger("sluice.chaos.spillKills", 3);
  static final long SLEEP_PER_BLOCK = 40;
  private static final String[] KINDS = {
    "time", "part", "ckpt", "ckpt-rename", "delete", "publish", "success"
  };
  private static final String[] MANIFEST_KINDS = {
    "time", "part", "ckpt", "ckpt-rename", "delete", "manifest", "success"
  };

  /** The commit protocol the children write with: staging or manifest. */
  private String protocol = "staging";

  /** One child run: killed at its stop, or finished with an exit code. */
  record Run(boolean killed, int exit, String where) {}

  private Path input() {
    Path input = dir.resolve("input");
    try (Sluice s = Sluice.local(ExecutionOptions.builder().progress(false).build())) {
      s.range(ROWS)
          .map(r -> Row.of("id", r.getLong("id")))
          .writeParquet(
              input.toString(),
              WriteOptions.defaults().withProperty("rowGroupBytes", String.valueOf(8 << 10)));
    }
    return input;
  }

  @Test
  void everyKillIsSurvivedWithNoRowLostOrDuplicated() throws Exception {
    killAndRerun("staging", KINDS);
  }

  /**
   * The same with the object stores' manifest protocol (tasks write final keys, the commit is the
   * manifest and then {@code _SUCCESS}), on the local disk: kills while part files are written,
   * while checkpoint records are, during clean-up deletes, just before the manifest and between it
   * and {@code _SUCCESS}.
   */
  @Test
  void everyKillOfTheManifestProtocolIsSurvived() throws Exception {
    killAndRerun("manifest", MANIFEST_KINDS);
  }

  private void killAndRerun(String protocol, String[] kinds) throws Exception {
    this.protocol = protocol;
    Path input = input();
    Path reference = dir.resolve("reference");
    assertThat(child(input, reference, "reference", "none:0", 0).exit()).isZero();
    String expected = digest(reference);

    Random random = new Random(SEED);
    TreeMap<String, Integer> killsByKind = new TreeMap<>();
    int kills = 0;
    int jobs = 0;
    int runs = 1;
    long lost = 0;
    long duplicated = 0;
    long wrong = 0;
    while (kills < KILLS) {
      jobs++;
      Path output = dir.resolve("output-" + jobs);
      boolean killedAfterCommit = false;
      while (true) {
        String stop = "none:0";
        long timed = 0;
        if (kills < KILLS) {
          String kind = kinds[random.nextInt(kinds.length)];
          int k =
              switch (kind) {
                case "publish", "success", "manifest" -> 1;
                case "delete" -> 1 + random.nextInt(4);
                default -> 1 + random.nextInt(8);
              };
          if (kind.equals("time")) {
            timed = 1000 + random.nextInt(4000); // the JVM starts in about 1 s
          } else {
            stop = kind + ":" + k;
          }
        }
        Run r = child(input, output, "chaos-" + jobs, stop, timed);
        runs++;
        if (r.killed()) {
          kills++;
          killsByKind.merge(r.where(), 1, Integer::sum);
          if (Files.exists(output.resolve("_SUCCESS"))) {
            // killed after the commit (timed, or in the clean-up after _SUCCESS): the job is
            // complete, and a rerun would find it exists
            killedAfterCommit = true;
            break;
          }
          continue;
        }
        assertThat(r.exit())
            .as(
                "run %d of job %d (stop %s) exit code; its log:%n%s",
                runs, jobs, stop, tail(output))
            .isZero();
        break;
      }
      ExactOutput got = ExactOutput.check(output, ROWS);
      lost += got.lost();
      duplicated += got.duplicated();
      wrong += got.wrong();
      assertThat(digest(output))
          .as("job %d equals the uninterrupted run", jobs)
          .isEqualTo(expected);
      // a kill in the manifest protocol's clean-up after _SUCCESS may leave unlisted attempt files
      // (readers ignore them; the next commit there collects them)
      boolean checkLeftovers = !killedAfterCommit;
      try (Stream<Path> files = Files.list(output).filter(p -> checkLeftovers)) {
        String listed = ExactOutput.published(output);
        boolean manifest = Files.exists(output.resolve("_sluice_manifest.json"));
        assertThat(files.map(p -> p.getFileName().toString()))
            .as("job %d: no attempt file of a killed run outlives the commit", jobs)
            .allMatch(
                n ->
                    n.startsWith("_")
                        || (manifest
                            ? listed.contains("/" + n + "'")
                            : n.startsWith("part-") && n.endsWith(".parquet")));
      }
    }
    System.out.printf(
        "chaos seed %d, %s protocol: kills survived %d of %d %s over %d jobs and %d runs; rows lost"
            + " %d, rows duplicated %d, rows wrong %d%n",
        SEED, protocol, kills, KILLS, killsByKind, jobs, runs, lost, duplicated, wrong);
    assertThat(lost + duplicated + wrong).as("rows lost + duplicated + wrong").isZero();
    try (Stream<Path> left = Files.list(dir)) {
      assertThat(left.map(p -> p.getFileName().toString()))
          .noneMatch(n -> n.startsWith(".sluice-staging"));
    }
  }

  /**
   * The spilling variant (a sort under a 256 KiB budget) killed while spill files exist, at the
   * k-th spill file the harness sees (a run being written or waiting for the merge), then rerun:
   * each job equals the uninterrupted sort, and no spill file of a killed run is left once the
   * reruns end.
   */
  @Test
  void killsWhileSpillingAreSurvivedAndLeaveNoSpillFiles() throws Exception {
    Path input = input();
    Path spill = dir.resolve("spill");
    Path reference = dir.resolve("sort-reference");
    assertThat(child(input, reference, "sort-reference", "none:0", 0, spill, 0).exit()).isZero();
    assertThat(spillFiles(spill)).as("the uninterrupted sort spilled and cleaned up").isZero();
    String expected = digest(reference);
    Random random = new Random(SEED);
    int kills = 0;
    long lost = 0;
    long duplicated = 0;
    long wrong = 0;
    for (int job = 1; job <= SPILL_KILLS; job++) {
      Path output = dir.resolve("sort-" + job);
      int k = 1 + random.nextInt(3);
      Run killed = child(input, output, "sort-" + job, "none:0", 0, spill, k);
      assertThat(killed.killed())
          .as("job %d killed at its spill file %d; its log:%n%s", job, k, tail(output))
          .isTrue();
      kills++;
      Run rerun = child(input, output, "sort-" + job, "none:0", 0, spill, 0);
      assertThat(rerun.exit()).as("rerun of job %d; its log:%n%s", job, tail(output)).isZero();
      ExactOutput got = ExactOutput.check(output, ROWS);
      lost += got.lost();
      duplicated += got.duplicated();
      wrong += got.wrong();
      assertThat(digest(output))
          .as("job %d equals the uninterrupted sort", job)
          .isEqualTo(expected);
    }
    System.out.printf(
        "chaos seed %d, spilling sort: kills while spilling survived %d of %d; rows lost %d, "
            + "rows duplicated %d, rows wrong %d; spill files left %d%n",
        SEED, kills, SPILL_KILLS, lost, duplicated, wrong, spillFiles(spill));
    assertThat(lost + duplicated + wrong).as("rows lost + duplicated + wrong").isZero();
    assertThat(spillFiles(spill))
        .as("spill files left by the killed runs, once the reruns ended")
        .isZero();
  }

  /** Spill files (Arrow streams) anywhere under {@code spill}. */
  private static long spillFiles(Path spill) throws Exception {
    if (!Files.exists(spill)) {
      return 0;
    }
    try (Stream<Path> s = Files.walk(spill)) {
      return s.filter(p -> p.getFileName().toString().endsWith(".arrows")).count();
    }
  }

  /** Order-independent digest of the (id, value) rows, by DuckDB. */
  private static String digest(Path output) throws Exception {
    try (DuckDb db = DuckDb.inMemory()) {
      return db.query(
              "SELECT count(*), sum(hash(id, value)) FROM read_parquet("
                  + ExactOutput.published(output)
                  + ")")
          .toString();
    }
  }

  private static Path log(Path output) {
    return output.resolveSibling(output.getFileName() + ".log");
  }

  /** The last lines of the latest run's log, for an assertion message. */
  static String tail(Path output) throws Exception {
    Path log = log(output);
    if (!Files.exists(log)) {
      return "(no log at " + log + ")";
    }
    List<String> lines = Files.readAllLines(log);
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
  }

  /**
   * Runs the job in a child JVM; kills it with SIGKILL when it freezes at {@code stop} or, with
   * {@code timedMillis} > 0, that long after it started.
   */
  private Run child(Path input, Path output, String jobId, String stop, long timedMillis)
      throws Exception {
    return child(input, output, jobId, stop, timedMillis, null, 0);
  }

  /**
   * As above; with {@code spill}, the spilling variant, killed (when {@code spillKill} > 0) as soon
   * as that many spill files are under {@code spill} at once.
   */
  private Run child(
      Path input,
      Path output,
      String jobId,
      String stop,
      long timedMillis,
      Path spill,
      int spillKill)
      throws Exception {
    Path marker = dir.resolve("marker-" + jobId);
    Files.deleteIfExists(marker);
    List<String> cmd =
        new ArrayList<>(
            List.of(
                System.getProperty("java.home") + File.separator + "bin" + File.separator + "java",
                "--add-opens=java.base/java.nio=ALL-UNNAMED",
                "-Xmx512m",
                "-XX:TieredStopAtLevel=1",
                "-Dsluice.chaos.protocol=" + (protocol.equals("manifest") ? "manifest" : "auto"),
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-cp",
                System.getProperty("java.class.path"),
                ChaosJobMain.class.getName(),
                input.toString(),
                output.toString(),
                jobId,
                String.valueOf(SLEEP_PER_BLOCK),
                stop,
                marker.toString()));
    if (spill != null) {
      cmd.add(spill.toString());
    }
    Process p =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(log(output).toFile())
            .start();
    long before =
        spill == null ? 0 : spillFiles(spill); // left by earlier runs: not this run's spilling
    long start = System.nanoTime();
    long deadline = start + TimeUnit.SECONDS.toNanos(120);
    while (p.isAlive() && System.nanoTime() < deadline) {
      boolean frozen = Files.exists(marker) && Files.size(marker) > 0;
      boolean due =
          timedMillis > 0 && System.nanoTime() - start > TimeUnit.MILLISECONDS.toNanos(timedMillis);
      boolean spilling = spillKill > 0 && spillFiles(spill) - before >= spillKill;
      if (frozen || due || spilling) {
        p.destroyForcibly(); // SIGKILL: no shutdown hooks, no cleanup
        p.waitFor();
        return new Run(
            true, -9, frozen ? stop.substring(0, stop.indexOf(':')) : spilling ? "spill" : "time");
      }
      Thread.sleep(5);
    }
    if (p.isAlive()) {
      p.destroyForcibly();
      throw new AssertionError(
          "child job " + jobId + " did not finish in 120 s; its log:\n" + tail(output));
    }
    return new Run(false, p.exitValue(), "");
  }
}
