package io.sluice.benchmarks.peers;

import io.sluice.api.Sluice;
import io.sluice.benchmarks.MachineInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The peer benchmark (issue 5): the same embedding job on Sluice (default and tuned), a
 * hand-written parquet-mr + ORT loop, Spark local[2] and a Flink MiniCluster, plus the ORT-only
 * ceiling, each in its own JVM, alternated over rounds (A B C ... A B C ...); then the Parquet scan
 * comparison and the JMH microbenchmarks. Writes {@code peers.md}, {@code peers.csv}, PNG charts,
 * {@code scan.csv} and {@code jmh.txt} to the results directory. Run it through {@code
 * benchmarks/run-peers}. {@code --scan-only} runs the Parquet scan alone (plus JMH unless {@code
 * --skip-jmh}): no corpus, no embedding contenders.
 */
public final class PeerBench {

  static final String SLUICE_DEFAULT = "Sluice default";
  static final String SLUICE_TUNED = "Sluice tuned";
  static final String HAND_WRITTEN = "hand-written";
  static final String HAND_SORTED = "hand-written, sorted windows";
  static final String SPARK = "Spark local[2]";
  static final String FLINK = "Flink MiniCluster";
  static final String ORT_ONLY = "ORT-only";

  private PeerBench() {}

  public static void main(String[] argv) throws Exception {
    PeerArgs args = new PeerArgs(argv);
    boolean quick = args.flag("quick");
    long rows = Long.parseLong(args.get("rows", quick ? "192" : "4000"));
    int rounds = args.intValue("rounds", 3);
    String xmx = args.get("xmx", "4g");
    Path results =
        Path.of(
            args.get(
                "results",
                "benchmarks/results/"
                    + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))));
    Path dataDir = Path.of(args.get("data-dir", "benchmarks/results/data"));
    Files.createDirectories(results);
    String machine = Machine.describe();
    System.out.println("machine: " + machine);
    if (args.flag("scan-only")) {
      scanOnly(args, quick, rounds, results, dataDir, machine);
      return;
    }

    Path corpus;
    try (Sluice sluice = Sluice.local()) {
      corpus = PeerCorpus.ensure(sluice, dataDir, rows, 42);
    }
    System.out.printf(
        Locale.ROOT,
        "corpus: %s (%d rows, %d files)%n",
        corpus,
        rows,
        GroupParquet.files(corpus.toString()).size());
    List<Contender> contenders = contenders(args);
    List<String> jobArgs =
        List.of(
            "--input",
            corpus.toString(),
            "--model",
            args.model(),
            "--threads",
            Integer.toString(args.threads()),
            "--batch",
            Integer.toString(args.batch()));

    List<Measurement> runs = new ArrayList<>();
    Map<String, Boolean> ok = new HashMap<>();
    Set<String> failed = new LinkedHashSet<>();
    double reference = Double.NaN;
    for (int round = 0; round < rounds; round++) {
      for (Contender c : contenders) {
        if (failed.contains(c.name())) {
          continue;
        }
        Path out = results.resolve("out").resolve(slug(c.name()));
        List<String> a = new ArrayList<>(jobArgs);
        a.addAll(List.of("--output", out.toString()));
        Path log = results.resolve("logs").resolve(slug(c.name()) + "-" + round + ".log");
        Files.createDirectories(log.getParent());
        try {
          Map<String, String> f =
              ChildRun.run(c, a, List.of("-Xmx" + xmx), log, args.intValue("timeout", 1800));
          OutputChecksum.Result sum = c.writesOutput() ? OutputChecksum.of(out.toString()) : null;
          Measurement m =
              new Measurement(
                  c.name(),
                  round,
                  d(f, "wall"),
                  d(f, "process"),
                  Long.parseLong(f.get("rows")),
                  d(f, "cpu"),
                  Long.parseLong(f.get("rss")),
                  d(f, "infer"),
                  sum == null ? Double.NaN : sum.checksum(),
                  sum == null ? -1 : sum.nonNull());
          if (sum != null) {
            if (Double.isNaN(reference)) {
              reference = sum.checksum();
            }
            boolean agrees =
                sum.rows() == rows && OutputChecksum.agree(sum.checksum(), reference, rows);
            ok.merge(c.name(), agrees, Boolean::logicalAnd);
          }
          runs.add(m);
          System.out.printf(
              Locale.ROOT,
              "round %d  %-30s %7.1f rows/s  job %6.1f s  cpu %6.1f s  rss %5d MiB  checksum %s%n",
              round,
              c.name(),
              m.rowsPerSecond(),
              m.jobSeconds(),
              m.cpuSeconds(),
              m.peakRssBytes() >> 20,
              sum == null
                  ? "n/a"
                  : String.format(Locale.ROOT, "%.3f (%d rows)", sum.checksum(), sum.rows()));
        } catch (IOException e) {
          System.out.println("round " + round + "  " + c.name() + " FAILED: " + e.getMessage());
          failed.add(c.name());
        }
        GroupParquet.deleteRecursively(out);
      }
    }

    List<PeerTable.Row> table =
        PeerTable.medians(runs, contenders.stream().map(Contender::name).toList(), ok);
    boolean valid = ok.values().stream().allMatch(b -> b);
    StringBuilder md = new StringBuilder();
    md.append(
        String.format(
            Locale.ROOT,
            "Machine: %s. Corpus: %,d rows (%s), model %s, %d ORT threads in total,"
                + " model batch %d, -Xmx%s, %d rounds alternated, medians.%n%n",
            machine,
            rows,
            corpus.getFileName(),
            args.model(),
            args.threads(),
            args.batch(),
            xmx,
            rounds));
    md.append(PeerTable.markdown(table, runs, SLUICE_DEFAULT)).append('\n');
    md.append(
        valid
            ? "Checksums agree across contenders.\n"
            : "**Checksums disagree: this run is VOID.**\n");
    if (!failed.isEmpty()) {
      md.append("Failed contenders (see logs/): ").append(failed).append('\n');
    }
    Optional<Double> scanRatio = Optional.empty();
    if (!args.flag("skip-scan")) {
      ScanBench.Result scan = ScanBench.run(dataDir, quick ? 500_000 : 4_000_000, rounds, results);
      md.append("\n### Parquet scan\n\n").append(scan.markdown());
      scanRatio = Optional.of(scan.sluiceOverDuckDbFullScan());
    }
    md.append("\n### Targets\n\n").append(Targets.markdown(table, runs, scanRatio));
    PeerTable.csv(runs, results.resolve("peers.csv"));
    PeerCharts.write(table, results);
    finish(md, args, quick, results);
    System.exit(valid && failed.isEmpty() ? 0 : 1);
  }

  /** The Parquet scan (and JMH) without the embedding job: for work on the reader. */
  private static void scanOnly(
      PeerArgs args, boolean quick, int rounds, Path results, Path dataDir, String machine)
      throws Exception {
    ScanBench.Result scan = ScanBench.run(dataDir, quick ? 500_000 : 4_000_000, rounds, results);
    StringBuilder md =
        new StringBuilder(String.format(Locale.ROOT, "Machine: %s. Scan only.%n", machine));
    md.append("\n### Parquet scan\n\n").append(scan.markdown());
    md.append("\n### Targets\n\n")
        .append(
            Targets.markdown(List.of(), List.of(), Optional.of(scan.sluiceOverDuckDbFullScan())));
    finish(md, args, quick, results);
  }

  /** JMH (unless skipped), the load average, then peers.md written and printed. */
  private static void finish(StringBuilder md, PeerArgs args, boolean quick, Path results)
      throws IOException, InterruptedException {
    if (!args.flag("skip-jmh")) {
      md.append("\n### JMH\n\n```\n").append(JmhRun.run(results, quick)).append("```\n");
    }
    md.append("\nLoad average at the end: ").append(MachineInfo.loadAverage()).append('\n');
    Files.writeString(results.resolve("peers.md"), md);
    System.out.println();
    System.out.println(md);
    System.out.println("results: " + results.toAbsolutePath());
  }

  private static List<Contender> contenders(PeerArgs args) {
    String cp = System.getProperty("java.class.path");
    String window = args.get("window", "256");
    List<Contender> all = new ArrayList<>();
    all.add(
        new Contender(
            SLUICE_DEFAULT,
            SluiceEmbed.class.getName(),
            cp,
            List.of("--variant", "default"),
            true));
    List<String> tuned =
        new ArrayList<>(
            List.of(
                "--variant",
                "tuned",
                "--window",
                args.get("tuned-window", String.valueOf(SluiceEmbed.TUNED_WINDOW)),
                "--spin",
                args.get("tuned-spin", "off")));
    if (!args.get("tuned-layout", "").isEmpty()) {
      tuned.addAll(List.of("--layout", args.get("tuned-layout", "")));
    }
    all.add(new Contender(SLUICE_TUNED, SluiceEmbed.class.getName(), cp, tuned, true));
    all.add(new Contender(HAND_WRITTEN, HandWritten.class.getName(), cp, List.of(), true));
    all.add(
        new Contender(
            HAND_SORTED, HandWritten.class.getName(), cp, List.of("--window", window), true));
    // A file, not an argument: a 15 KB argument crashed the JVM (SIGSEGV) at start-up here.
    String peers = readClasspath(args.get("peers-classpath-file", ""));
    if (!peers.isEmpty()) {
      all.add(
          new Contender(SPARK, "io.sluice.benchmarks.peers.SparkEmbed", peers, List.of(), true));
      all.add(
          new Contender(FLINK, "io.sluice.benchmarks.peers.FlinkEmbed", peers, List.of(), true));
    } else {
      System.out.println(
          "no --peers-classpath-file: Spark and Flink skipped (build with -Ppeers; benchmarks/run-peers does)");
    }
    all.add(new Contender(ORT_ONLY, OrtOnly.class.getName(), cp, List.of(), false));
    String only = args.get("only", "");
    if (only.isEmpty()) {
      return all;
    }
    Set<String> keep = Set.of(only.split(","));
    return all.stream().filter(c -> keep.contains(slug(c.name()))).toList();
  }

  private static String readClasspath(String file) {
    try {
      return file.isEmpty() ? "" : Files.readString(Path.of(file)).trim();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String slug(String name) {
    return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-|-$)", "");
  }

  private static double d(Map<String, String> f, String key) {
    return Double.parseDouble(f.get(key));
  }
}
