package io.sluice.benchmarks.soak;

import io.sluice.api.Compute;
import io.sluice.api.ExecutionOptions;
import io.sluice.api.Row;
import io.sluice.api.Sluice;
import io.sluice.api.spi.WriteMode;
import io.sluice.api.spi.WriteOptions;
import io.sluice.api.spi.WriteResult;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The soak (issue 17): one JVM runs the same two jobs over and over for a given time, and a sampler
 * records RSS, heap after GC, open file descriptors and threads every 10 s; at the end it prints
 * the slope of each per hour and whether any spill, staging or checkpoint file was left behind.
 *
 * <p>The jobs, per round: (1) a resumable job (job id, checkpoint records): Parquet split by split
 * -> row map -> actor-pool map -> Parquet; (2) a sort of the same data under the memory budget,
 * which spills. Every output is checked (row count) and then deleted, so the disk stays flat too.
 *
 * <p>Arguments: {@code --minutes M} (or {@code --seconds S}), {@code --rows N}, {@code --work DIR},
 * {@code --memory-budget SIZE} (read by the launcher to size the JVM, too), {@code --interval S}.
 * Run it with {@code benchmarks/soak/soak.sh}.
 */
public final class Soak {

  private Soak() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> a = SoakArgs.parse(args);
    Duration duration =
        a.containsKey("--seconds")
            ? Duration.ofSeconds(Long.parseLong(a.get("--seconds")))
            : Duration.ofMinutes(Long.parseLong(a.getOrDefault("--minutes", "60")));
    long rows = Long.parseLong(a.getOrDefault("--rows", "400000"));
    Path work = Paths.get(a.getOrDefault("--work", "/tmp/sluice-soak"));
    long budget = SoakArgs.bytes(a.getOrDefault("--memory-budget", "32m"));
    Duration interval = Duration.ofSeconds(Long.parseLong(a.getOrDefault("--interval", "10")));
    PrintStream out = System.out;

    Path input = work.resolve("in");
    Path output = work.resolve("out");
    Path spill = work.resolve("spill");
    Files.createDirectories(spill);
    ExecutionOptions options =
        ExecutionOptions.builder()
            .cpuSlots(2)
            .progress(false)
            .memoryBudgetBytes(budget)
            .spillDir(spill)
            .build();
    List<String> leftovers = new ArrayList<>();
    int rounds = 0;
    try (Sluice sluice = Sluice.local(options)) {
      WriteResult in = generate(sluice, input, rows);
      out.printf(
          Locale.ROOT,
          "soak: input %s: %,d rows, %d files; budget %d MiB; %s; sample every %d s%n",
          input,
          in.rows(),
          in.files().size(),
          budget >> 20,
          duration,
          interval.toSeconds());
      out.flush();
      Sampler sampler = new Sampler(work.resolve("samples.csv"), interval);
      sampler.start();
      long end = System.nanoTime() + duration.toNanos();
      long spilled = 0;
      while (System.nanoTime() < end) {
        long written = resumable(sluice, input, output, "soak-" + rounds);
        check(written, rows, "resumable round " + rounds);
        leftovers.addAll(unexpected(output));
        delete(output);
        WriteResult sorted =
            sluice
                .readParquet(input.toString())
                .sort("key")
                .writeParquet(
                    output.toString(), WriteOptions.defaults().withMode(WriteMode.OVERWRITE));
        check(sorted.rows(), rows, "sort round " + rounds);
        spilled += sorted.stats().spilledBytes();
        leftovers.addAll(unexpected(output));
        leftovers.addAll(files(spill));
        delete(output);
        rounds++;
        sampler.rounds(rounds);
      }
      sampler.stop();
      out.printf(
          Locale.ROOT,
          "soak: %d rounds (2 jobs each), %.1f MiB spilled in all, %d samples%n",
          rounds,
          spilled / 1048576.0,
          sampler.samples().size());
      if (spilled == 0) {
        leftovers.add("(the sort never spilled: lower --memory-budget or raise --rows)");
      }
      SoakReport.print(out, sampler.samples(), sampler.warmupSeconds(duration));
    }
    leftovers.addAll(files(spill));
    if (leftovers.isEmpty()) {
      out.println(
          "soak: leftover files: none (spill dir empty; outputs held only part files, manifest, _SUCCESS)");
    } else {
      out.println("soak: LEFTOVER FILES: " + leftovers.size());
      leftovers.stream().limit(20).forEach(f -> out.println("  " + f));
      System.exit(2);
    }
  }

  private static WriteResult generate(Sluice sluice, Path dir, long rows) {
    WriteOptions w =
        WriteOptions.defaults()
            .withMode(WriteMode.OVERWRITE)
            .withTargetFileBytes(1 << 20)
            .withProperty("rowGroupBytes", Long.toString(256 << 10));
    return sluice
        .range(rows)
        .map(
            r -> {
              long id = r.getLong("id");
              long h = id * 0x9E3779B97F4A7C15L;
              return Row.of(
                  "id",
                  id,
                  "key",
                  Math.floorMod(h, 100_003L),
                  "name",
                  "item-" + Long.toHexString(h));
            })
        .writeParquet(dir.toString(), w);
  }

  /** Job 1: resumable (a job id makes it write checkpoint records per split and commit once). */
  private static long resumable(Sluice sluice, Path input, Path output, String jobId) {
    WriteOptions w = WriteOptions.defaults().withJobId(jobId).withTargetFileBytes(1 << 20);
    return sluice
        .read("parquet", List.of(input.toString()), Map.of("minTaskBytes", "1"))
        .map(r -> r.with("len", (long) r.getString("name").length()))
        .mapBatches((batch, allocator) -> batch, Compute.actors(2).batchSize(4096))
        .writeParquet(output.toString(), w)
        .rows();
  }

  private static void check(long actual, long expected, String what) {
    if (actual != expected) {
      throw new IllegalStateException(what + " wrote " + actual + " rows, expected " + expected);
    }
  }

  /** Files in a committed output that are neither part files nor the commit's markers. */
  private static List<String> unexpected(Path output) {
    List<String> odd = new ArrayList<>();
    for (String f : files(output)) {
      String name = Paths.get(f).getFileName().toString();
      boolean expected =
          name.startsWith("part-")
              || name.equals("_SUCCESS")
              || name.equals("_sluice_manifest.json")
              || (name.startsWith(".") && name.endsWith(".crc"));
      if (!expected) {
        odd.add(f);
      }
    }
    return odd;
  }

  static List<String> files(Path dir) {
    if (!Files.exists(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).map(Path::toString).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void delete(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted((x, y) -> y.compareTo(x)).toList()) {
        Files.delete(p);
      }
    }
  }
}
