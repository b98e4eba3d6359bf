package io.sluice.benchmarks.remote;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.management.OperatingSystemMXBean;
import io.sluice.api.Compute;
import io.sluice.api.ExecutionOptions;
import io.sluice.api.JobStats;
import io.sluice.api.Row;
import io.sluice.api.Sluice;
import io.sluice.benchmarks.MachineInfo;
import io.sluice.remote.Remote;
import io.sluice.remote.RemoteSpec;
import io.sluice.remote.fixture.FixtureProcess;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * How close the remote stage gets to what the servers can give. Against {@code --servers} fixture
 * processes (OpenAI-compatible, chat completions) with a fixed per-request latency and a
 * concurrency limit per server (requests beyond it queue in the server), the theoretical maximum is
 * {@code servers x concurrency / latency} requests per second. Compared: (A) a Sluice job with the
 * remote stage as configured ({@code --actors} sharing one window of {@code --window} requests per
 * server); (A') the stage as last measured (one actor, 1024-row batches, the servers' slots in
 * flight); (B) fixed thread pools of blocking calls (16 threads, one per server slot, one per
 * window slot); (C) a naive sequential loop. The blocking clients parse each answer as the stage
 * does. Prints achieved / theoretical maximum (medians over rounds), threads, and client and server
 * CPU per request.
 *
 * <pre>
 * benchmarks/run-remote [--servers 3] [--concurrency 16] [--latency-ms 50] [--requests 4096] [--rounds 3]
 * </pre>
 */
@Command(
    name = "remote-throughput",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description =
        "Remote stage requests/s vs the servers' theoretical maximum, a sequential loop and a thread pool.")
public final class RemoteThroughput implements Callable<Integer> {

  @Option(
      names = "--servers",
      description = "Fixture server processes (default: ${DEFAULT-VALUE}).")
  int servers = 3;

  @Option(
      names = "--concurrency",
      description = "Requests each server runs at once (default: ${DEFAULT-VALUE}).")
  int concurrency = 16;

  @Option(
      names = "--latency-ms",
      description = "Fixed latency per request (default: ${DEFAULT-VALUE}).")
  int latencyMs = 50;

  @Option(
      names = "--requests",
      description = "Requests for the Sluice job and the thread pools (default: ${DEFAULT-VALUE}).")
  int requests = 4096;

  @Option(
      names = "--sequential-requests",
      description = "Requests for the sequential loop (default: ${DEFAULT-VALUE}).")
  int sequentialRequests = 100;

  @Option(
      names = "--rounds",
      description = "Rounds per contender, median reported (default: ${DEFAULT-VALUE}).")
  int rounds = 3;

  @Option(
      names = "--batch-size",
      description = "Rows per actor call of the Sluice job (default: ${DEFAULT-VALUE}).")
  int batchSize = 256;

  @Option(
      names = "--actors",
      description = "Actors of the Sluice stage, sharing one client (default: ${DEFAULT-VALUE}).")
  int actors = 3;

  @Option(
      names = "--window",
      description =
          "Requests the Sluice stage and the widest pool keep in flight per server;"
              + " those beyond --concurrency queue in the server, so it is never idle (default: 1.5 x --concurrency).")
  int window;

  @Option(
      names = "--sluice-only",
      description = "Measure only the Sluice stage (for profiling it).")
  boolean sluiceOnly;

  private static final ObjectMapper JSON = new ObjectMapper();
  private final PrintStream out;

  RemoteThroughput(PrintStream out) {
    this.out = out;
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new RemoteThroughput(System.out)).execute(args));
  }

  /** One measured contender, with the CPU it and the servers used per request. */
  private record Result(
      String name,
      int requests,
      double seconds,
      int threads,
      double clientCpuMs,
      double serverCpuMs) {
    double rate() {
      return requests / seconds;
    }
  }

  /** A contender to measure: its name, threads and how it sends {@code n} requests. */
  private interface Contender {
    Result run() throws Exception;
  }

  private Result measured(List<FixtureProcess> fixtures, Contender c) throws Exception {
    long client = clientCpuNanos();
    long server = serverCpuNanos(fixtures);
    Result r = c.run();
    return new Result(
        r.name(),
        r.requests(),
        r.seconds(),
        r.threads(),
        (clientCpuNanos() - client) / 1e6 / r.requests(),
        (serverCpuNanos(fixtures) - server) / 1e6 / r.requests());
  }

  @Override
  public Integer call() throws Exception {
    List<FixtureProcess> fixtures = new ArrayList<>();
    try {
      for (int i = 0; i < servers; i++) {
        fixtures.add(
            FixtureProcess.start(
                "--latency-ms",
                String.valueOf(latencyMs),
                "--max-concurrent",
                String.valueOf(concurrency)));
      }
      List<URI> uris = fixtures.stream().map(FixtureProcess::uri).toList();
      double max = servers * concurrency * 1000.0 / latencyMs;
      window = window > 0 ? window : concurrency + concurrency / 2;
      warmUp(uris);
      List<Contender> contenders = new ArrayList<>();
      contenders.add(() -> sluice(uris, actors, batchSize, window));
      if (!sluiceOnly) {
        // Last session's setup: one actor, 1024-row batches, exactly the servers' slots in flight.
        contenders.add(() -> sluice(uris, 1, 1024, concurrency));
        contenders.add(() -> pool(uris, 16));
        contenders.add(() -> pool(uris, servers * concurrency));
        if (window != concurrency) {
          contenders.add(() -> pool(uris, servers * window));
        }
      }
      // Rounds alternate the contenders (A B C A B C ...), so drift in machine load hits all alike;
      // each contender's median round is reported (the first round of each also pays its own
      // warm-up).
      List<List<Result>> rounds = new ArrayList<>();
      for (int r = 0; r < this.rounds; r++) {
        List<Result> round = new ArrayList<>();
        for (Contender c : contenders) {
          round.add(measured(fixtures, c));
        }
        rounds.add(round);
      }
      List<Result> results = new ArrayList<>();
      for (int k = 0; k < contenders.size(); k++) {
        int col = k;
        List<Result> byRate =
            rounds.stream()
                .map(r -> r.get(col))
                .sorted(Comparator.comparingDouble(Result::rate))
                .toList();
        results.add(byRate.get(byRate.size() / 2));
      }
      if (!sluiceOnly) {
        results.add(measured(fixtures, () -> sequential(uris)));
      }
      out.printf(
          Locale.ROOT,
          "remote throughput: %d servers x %d concurrent / %d ms = %.0f requests/s theoretical max;"
              + " %d rounds, medians%n",
          servers,
          concurrency,
          latencyMs,
          max,
          this.rounds);
      out.println(
          "machine: "
              + MachineInfo.cpuModel()
              + ", "
              + Runtime.getRuntime().availableProcessors()
              + " cores, load "
              + MachineInfo.loadAverage());
      String fmt = "%-58s %9s %8s %11s %7s %8s %11s %11s%n";
      out.printf(
          Locale.ROOT,
          fmt,
          "client",
          "requests",
          "seconds",
          "requests/s",
          "of max",
          "threads",
          "client CPU",
          "server CPU");
      for (Result r : results) {
        out.printf(
            Locale.ROOT,
            fmt,
            r.name(),
            r.requests(),
            String.format(Locale.ROOT, "%.2f", r.seconds()),
            String.format(Locale.ROOT, "%.1f", r.rate()),
            String.format(Locale.ROOT, "%.3f", r.rate() / max),
            r.threads(),
            String.format(Locale.ROOT, "%.2f ms", r.clientCpuMs()),
            String.format(Locale.ROOT, "%.2f ms", r.serverCpuMs()));
      }
      return 0;
    } finally {
      for (FixtureProcess f : fixtures) {
        f.close();
      }
    }
  }

  private static long clientCpuNanos() {
    return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static long serverCpuNanos(List<FixtureProcess> fixtures) {
    return fixtures.stream().mapToLong(f -> f.cpuTime().toNanos()).sum();
  }

  private static byte[] body(int i) {
    return ("{\"model\":\"echo\",\"messages\":[{\"role\":\"user\",\"content\":\"request "
            + i
            + "\"}]}")
        .getBytes(StandardCharsets.UTF_8);
  }

  private static URI chatUri(URI base) {
    return URI.create(base + "/chat/completions");
  }

  /** JIT and connections for both the JDK client and the servers' handlers. */
  private void warmUp(List<URI> uris) throws Exception {
    pool(uris, servers * concurrency, Math.min(requests, servers * concurrency * 4));
  }

  private Result sluice(List<URI> uris, int actors, int batch, int inFlight) throws Exception {
    List<Row> rows = new ArrayList<>(requests);
    for (int i = 0; i < requests; i++) {
      rows.add(Row.of("id", (long) i, "text", "request " + i));
    }
    RemoteSpec spec =
        Remote.openAiCompatible(uris)
            .model("echo")
            .maxConcurrentRequests(inFlight)
            .chat("{text}", "reply");
    try (Sluice s = Sluice.local(ExecutionOptions.builder().progress(false).build())) {
      long start = System.nanoTime();
      var counted =
          s.fromItems(rows)
              .mapBatches(spec, Compute.actors(actors).cpus(0).batchSize(batch))
              .countWithStats();
      long n = counted.value();
      double seconds = (System.nanoTime() - start) / 1e9;
      if (n != requests) {
        throw new IllegalStateException("the job returned " + n + " rows, not " + requests);
      }
      JobStats stats = counted.stats();
      String op =
          stats.operators().stream()
              .map(JobStats.OperatorStats::name)
              .filter(x -> x.contains("Remote("))
              .findFirst()
              .orElse("?");
      Map<String, Long> c = stats.udfCounters(op);
      if (c.getOrDefault("succeeded", 0L) != requests) {
        throw new IllegalStateException(
            "the stage counted " + c + ", not " + requests + " successes");
      }
      // The actor threads + the client's two callback threads, timer and the HttpClient selector.
      return new Result(
          String.format(
              Locale.ROOT,
              "sluice stage, %d actor%s, batch %d, %d in flight/server (%.0f ms)",
              actors,
              actors == 1 ? "" : "s",
              batch,
              inFlight,
              c.get("latency_ms.sum") / (double) requests),
          requests,
          seconds,
          actors + 4,
          0,
          0);
    }
  }

  private Result sequential(List<URI> uris) throws Exception {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    long start = System.nanoTime();
    for (int i = 0; i < sequentialRequests; i++) {
      send(http, chatUri(uris.get(i % uris.size())), i);
    }
    return new Result(
        "sequential blocking loop", sequentialRequests, (System.nanoTime() - start) / 1e9, 1, 0, 0);
  }

  private Result pool(List<URI> uris, int threads) throws Exception {
    return pool(uris, threads, requests);
  }

  private Result pool(List<URI> uris, int threads, int n) throws Exception {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    AtomicInteger next = new AtomicInteger();
    try {
      long start = System.nanoTime();
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        done.add(
            pool.submit(
                () -> {
                  for (int i; (i = next.getAndIncrement()) < n; ) {
                    send(http, chatUri(uris.get(i % uris.size())), i);
                  }
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
      return new Result(
          "fixed pool of blocking calls, " + threads + " threads",
          n,
          (System.nanoTime() - start) / 1e9,
          threads,
          0,
          0);
    } finally {
      pool.shutdownNow();
    }
  }

  private static void send(HttpClient http, URI uri, int i) throws Exception {
    HttpResponse<byte[]> r =
        http.send(
            HttpRequest.newBuilder(uri)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body(i)))
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    if (r.statusCode() != 200) {
      throw new IllegalStateException("HTTP " + r.statusCode() + " from " + uri);
    }
    // A real client reads the answer: parse it as the remote stage does.
    if (!JSON.readTree(r.body())
        .path("choices")
        .path(0)
        .path("message")
        .path("content")
        .isTextual()) {
      throw new IllegalStateException("no choices[0].message.content from " + uri);
    }
  }
}
