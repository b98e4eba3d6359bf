package io.sluice.benchmarks.remote;

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
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
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
 * processes (OpenAI-compatible, chat completions) with a fixed per-request latency and a concurrency
 * limit per server (requests beyond it queue in the server), the theoretical maximum is
 * {@code servers x concurrency / latency} requests per second. Compared: (A) a Sluice job with the
 * remote stage (one actor, {@code maxConcurrentRequests = concurrency}); (B) a naive sequential loop of
 * blocking calls; (C) a fixed thread pool of blocking calls, once with 16 threads and once with one
 * thread per server slot; the blocking clients parse each answer as the stage does. Prints a table of
 * achieved / theoretical maximum (medians over rounds) and the threads each used.
 *
 * <pre>benchmarks/run-remote [--servers 3] [--concurrency 16] [--latency-ms 50] [--requests 4096] [--rounds 3]</pre>
 */
@Command(name = "remote-throughput", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Remote stage requests/s vs the servers' theoretical maximum, a sequential loop and a thread pool.")
public final class RemoteThroughput implements Callable<Integer> {

  @Option(names = "--servers", description = "Fixture server processes (default: ${DEFAULT-VALUE}).")
  int servers = 3;

  @Option(names = "--concurrency", description = "Requests each server runs at once (default: ${DEFAULT-VALUE}).")
  int concurrency = 16;

  @Option(names = "--latency-ms", description = "Fixed latency per request (default: ${DEFAULT-VALUE}).")
  int latencyMs = 50;

  @Option(names = "--requests", description = "Requests for the Sluice job and the thread pools (default: ${DEFAULT-VALUE}).")
  int requests = 4096;

  @Option(names = "--sequential-requests", description = "Requests for the sequential loop (default: ${DEFAULT-VALUE}).")
  int sequentialRequests = 100;

  @Option(names = "--rounds", description = "Rounds per contender, median reported (default: ${DEFAULT-VALUE}).")
  int rounds = 3;

  @Option(names = "--batch-size", description = "Rows per actor call of the Sluice job (default: ${DEFAULT-VALUE}).")
  int batchSize = 1024;

  @Option(names = "--actors", description = "Actors of the Sluice stage, sharing one client (default: ${DEFAULT-VALUE}).")
  int actors = 1;

  @Option(names = "--window", description = "Requests the clients keep in flight per server; more than --concurrency"
      + " queue in the server (default: --concurrency).")
  int window;

  @Option(names = "--sluice-only", description = "Measure only the Sluice stage (for profiling it).")
  boolean sluiceOnly;

  private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();
  private final PrintStream out;

  RemoteThroughput(PrintStream out) {
    this.out = out;
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new RemoteThroughput(System.out)).execute(args));
  }

  /** One measured contender. */
  private record Result(String name, int requests, double seconds, int threads) {
    double rate() {
      return requests / seconds;
    }
  }

  @Override
  public Integer call() throws Exception {
    List<FixtureProcess> fixtures = new ArrayList<>();
    try {
      for (int i = 0; i < servers; i++) {
        fixtures.add(FixtureProcess.start("--latency-ms", String.valueOf(latencyMs),
            "--max-concurrent", String.valueOf(concurrency)));
      }
      List<URI> uris = fixtures.stream().map(FixtureProcess::uri).toList();
      double max = servers * concurrency * 1000.0 / latencyMs;
      window = window > 0 ? window : concurrency;
      warmUp(uris);
      if (sluiceOnly) {
        for (int r = 0; r < this.rounds; r++) {
          long client = clientCpuNanos();
          long server = serverCpuNanos(fixtures);
          Result x = sluice(uris);
          out.printf(Locale.ROOT, "%s: %.1f requests/s, %.3f of max, CPU ms per request: client %.2f, servers %.2f;"
              + " load %s%n", x.name(), x.rate(), x.rate() / max, (clientCpuNanos() - client) / 1e6 / x.requests(),
              (serverCpuNanos(fixtures) - server) / 1e6 / x.requests(), MachineInfo.loadAverage());
        }
        return 0;
      }
      // Rounds alternate the contenders (A B C A B C ...), so drift in machine load hits all alike;
      // each contender's median round is reported (the first round of each also pays its own warm-up).
      List<List<Result>> rounds = new ArrayList<>();
      for (int r = 0; r < this.rounds; r++) {
        rounds.add(List.of(sluice(uris), pool(uris, 16), pool(uris, servers * window)));
      }
      List<Result> results = new ArrayList<>();
      for (int k = 0; k < 3; k++) {
        int col = k;
        List<Result> byRate = rounds.stream().map(r -> r.get(col))
            .sorted(java.util.Comparator.comparingDouble(Result::rate)).toList();
        results.add(byRate.get(byRate.size() / 2));
      }
      results.add(1, sequential(uris));
      out.printf(Locale.ROOT, "remote throughput: %d servers x %d concurrent / %d ms = %.0f requests/s theoretical max;"
          + " clients keep %d in flight per server, Sluice batch %d%n", servers, concurrency, latencyMs, max, window,
          batchSize);
      out.println("machine: " + MachineInfo.cpuModel() + ", " + Runtime.getRuntime().availableProcessors()
          + " cores, load " + MachineInfo.loadAverage());
      String fmt = "%-34s %9s %9s %11s %11s %9s%n";
      out.printf(Locale.ROOT, fmt, "client", "requests", "seconds", "requests/s", "of max", "threads");
      for (Result r : results) {
        out.printf(Locale.ROOT, fmt, r.name(), r.requests(), String.format(Locale.ROOT, "%.2f", r.seconds()),
            String.format(Locale.ROOT, "%.1f", r.rate()), String.format(Locale.ROOT, "%.3f", r.rate() / max),
            r.threads());
      }
      return 0;
    } finally {
      for (FixtureProcess f : fixtures) {
        f.close();
      }
    }
  }

  private static long clientCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
        .getOperatingSystemMXBean()).getProcessCpuTime();
  }

  private static long serverCpuNanos(List<FixtureProcess> fixtures) {
    return fixtures.stream().mapToLong(f -> f.cpuTime().toNanos()).sum();
  }

  private static byte[] body(int i) {
    return ("{\"model\":\"echo\",\"messages\":[{\"role\":\"user\",\"content\":\"request " + i + "\"}]}")
        .getBytes(StandardCharsets.UTF_8);
  }

  private static URI chatUri(URI base) {
    return URI.create(base + "/chat/completions");
  }

  /** JIT and connections for both the JDK client and the servers' handlers. */
  private void warmUp(List<URI> uris) throws Exception {
    pool(uris, servers * concurrency, Math.min(requests, servers * concurrency * 4));
  }

  private Result sluice(List<URI> uris) throws Exception {
    List<Row> rows = new ArrayList<>(requests);
    for (int i = 0; i < requests; i++) {
      rows.add(Row.of("id", (long) i, "text", "request " + i));
    }
    RemoteSpec spec = Remote.openAiCompatible(uris).model("echo").maxConcurrentRequests(window)
        .chat("{text}", "reply");
    try (Sluice s = Sluice.local(ExecutionOptions.builder().progress(false).build())) {
      long start = System.nanoTime();
      long n = s.fromItems(rows).mapBatches(spec, Compute.actors(actors).cpus(0).batchSize(batchSize)).count();
      double seconds = (System.nanoTime() - start) / 1e9;
      if (n != requests) {
        throw new IllegalStateException("the job returned " + n + " rows, not " + requests);
      }
      JobStats stats = s.lastJobStats().orElseThrow();
      String op = stats.operators().stream().map(JobStats.OperatorStats::name).filter(x -> x.contains("Remote("))
          .findFirst().orElse("?");
      Map<String, Long> c = stats.udfCounters(op);
      out.printf(Locale.ROOT, "sluice stage: mean latency %.1f ms; counters %s%n",
          c.getOrDefault("latency_ms.sum", 0L) / (double) Math.max(1, c.getOrDefault("succeeded", 0L)), c);
      // The actor threads + the client's two callback threads, timer and the HttpClient selector.
      return new Result("sluice remote stage (" + actors + " actor" + (actors == 1 ? ")" : "s)"), requests, seconds,
          actors + 4);
    }
  }

  private Result sequential(List<URI> uris) throws Exception {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    long start = System.nanoTime();
    for (int i = 0; i < sequentialRequests; i++) {
      send(http, chatUri(uris.get(i % uris.size())), i);
    }
    return new Result("sequential blocking loop", sequentialRequests, (System.nanoTime() - start) / 1e9, 1);
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
        done.add(pool.submit(() -> {
          for (int i; (i = next.getAndIncrement()) < n; ) {
            send(http, chatUri(uris.get(i % uris.size())), i);
          }
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get();
      }
      return new Result("fixed pool of blocking calls", n, (System.nanoTime() - start) / 1e9, threads);
    } finally {
      pool.shutdownNow();
    }
  }

  private static void send(HttpClient http, URI uri, int i) throws Exception {
    HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body(i))).build(), HttpResponse.BodyHandlers.ofByteArray());
    if (r.statusCode() != 200) {
      throw new IllegalStateException("HTTP " + r.statusCode() + " from " + uri);
    }
    // A real client reads the answer: parse it as the remote stage does.
    if (!JSON.readTree(r.body()).path("choices").path(0).path("message").path("content").isTextual()) {
      throw new IllegalStateException("no choices[0].message.content from " + uri);
    }
  }
}
