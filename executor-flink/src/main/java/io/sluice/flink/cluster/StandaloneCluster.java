package io.sluice.flink.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.api.SluiceException;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

/**
 * A standalone Flink session cluster on 127.0.0.1 made of separate JVMs started from jars alone: a
 * JobManager ({@code StandaloneSessionClusterEntrypoint}) and CPU and GPU TaskManagers ({@code
 * TaskManagerRunner}), with a {@code config.yaml}, logs and a pid file under the state directory.
 * GPU TaskManagers advertise {@code gpu} external resources; with {@code fakeGpus} they use the
 * {@link SimulatedGpuDriverFactory} (SIMULATED devices), else Flink's GPU plugin, which must then
 * be installed under {@code stateDir/plugins}.
 *
 * <p>Call-order rules: {@link #start}, submit jobs to {@link #restAddress()}, then {@link
 * #close()}, which stops exactly the processes this object started, by pid. TaskManager ids are
 * {@code cpu-N} and {@code gpu-N}, as Flink's REST API reports them.
 */
public final class StandaloneCluster implements AutoCloseable {

  /** Memory of every TaskManager, each size spelled out (nothing is derived from a total). */
  private static final Map<String, String> TM_MEMORY =
      Map.of(
          "taskmanager.memory.framework.heap.size", "64m",
          "taskmanager.memory.task.heap.size", "256m",
          "taskmanager.memory.managed.size", "16m",
          "taskmanager.memory.framework.off-heap.size", "64m",
          "taskmanager.memory.task.off-heap.size", "256m",
          "taskmanager.memory.network.min", "32m",
          "taskmanager.memory.network.max", "32m",
          "taskmanager.memory.jvm-metaspace.size", "192m",
          "taskmanager.memory.jvm-overhead.min", "96m",
          "taskmanager.memory.jvm-overhead.max", "96m");

  /**
   * The JVM limits that match {@link #TM_MEMORY}: heap = framework + task heap, direct = off-heaps
   * + network.
   */
  private static final List<String> TM_JVM =
      List.of(
          "-Xms320m",
          "-Xmx320m",
          "-XX:MaxDirectMemorySize=352m",
          "-XX:MaxMetaspaceSize=192m",
          "-Xss4m"); // 4 MiB stacks: onnxruntime recurses deeply while it starts

  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * @param cpuTaskManagers TaskManagers without GPUs (where sources, CPU stages and sinks run)
   * @param gpuTaskManagers TaskManagers with {@code gpusEach} GPUs (where GPU actor pools run)
   * @param slots task slots of every TaskManager
   * @param fakeGpus whether GPU TaskManagers report SIMULATED devices instead of discovering real
   *     ones
   * @param stateDir where config, logs, plugins and the pid file go
   * @param classPath the jars (and class folders) the JVMs run from: Flink and its dependencies
   * @param restPort the JobManager's REST port, 0 for any free one
   * @param flinkConfig further {@code config.yaml} entries (they win over this class's)
   */
  public record Spec(
      int cpuTaskManagers,
      int gpuTaskManagers,
      int gpusEach,
      int slots,
      boolean fakeGpus,
      Path stateDir,
      List<Path> classPath,
      int restPort,
      Map<String, String> flinkConfig) {

    public Spec(
        int cpuTaskManagers,
        int gpuTaskManagers,
        int gpusEach,
        int slots,
        boolean fakeGpus,
        Path stateDir,
        List<Path> classPath,
        int restPort) {
      this(
          cpuTaskManagers,
          gpuTaskManagers,
          gpusEach,
          slots,
          fakeGpus,
          stateDir,
          classPath,
          restPort,
          Map.of());
    }

    public Spec {
      if (cpuTaskManagers < 0 || gpuTaskManagers < 0 || cpuTaskManagers + gpuTaskManagers == 0) {
        throw new IllegalArgumentException(
            "a cluster needs at least one TaskManager, got "
                + cpuTaskManagers
                + " CPU and "
                + gpuTaskManagers
                + " GPU TaskManagers");
      }
      if (slots < 1 || gpusEach < 1) {
        throw new IllegalArgumentException("slots and GPUs per GPU TaskManager must be >= 1");
      }
      classPath = List.copyOf(classPath);
      flinkConfig = Map.copyOf(flinkConfig);
      stateDir = stateDir.toAbsolutePath().normalize();
    }
  }

  /** One JVM of the cluster. */
  public record Node(String id, Process process, Path log) {}

  private final Spec spec;
  private final int restPort;
  private final List<Node> nodes = new ArrayList<>();

  private StandaloneCluster(Spec spec, int restPort) {
    this.spec = spec;
    this.restPort = restPort;
  }

  /**
   * Starts the JobManager and the TaskManagers and waits until every TaskManager has registered.
   */
  public static StandaloneCluster start(Spec spec) throws IOException {
    Files.createDirectories(spec.stateDir().resolve("conf"));
    Files.createDirectories(spec.stateDir().resolve("log"));
    if (ClusterState.anyAlive(spec.stateDir())) {
      throw new SluiceException(
          "a cluster started from " + spec.stateDir() + " is still running; stop it first");
    }
    Files.deleteIfExists(spec.stateDir().resolve(ClusterState.PIDS));
    StandaloneCluster c =
        new StandaloneCluster(spec, spec.restPort() > 0 ? spec.restPort() : freePort());
    try {
      c.writeConfig(freePort());
      c.writeSimulatedGpuPlugin();
      c.launch(
          "jobmanager",
          "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint",
          List.of("-Xms256m", "-Xmx256m"),
          List.of());
      for (int i = 0; i < spec.cpuTaskManagers(); i++) {
        c.launchTaskManager("cpu-" + i, false);
      }
      c.awaitTaskManagers(spec.cpuTaskManagers());
      for (int i = 0; i < spec.gpuTaskManagers(); i++) {
        c.launchTaskManager("gpu-" + i, true);
      }
      c.awaitTaskManagers(spec.cpuTaskManagers() + spec.gpuTaskManagers());
      Files.writeString(spec.stateDir().resolve(ClusterState.REST), c.restAddress() + "\n");
      return c;
    } catch (IOException | RuntimeException e) {
      c.close();
      throw e;
    }
  }

  private void launchTaskManager(String id, boolean gpu) throws IOException {
    List<String> args = new ArrayList<>(List.of("-D", "taskmanager.resource-id=" + id));
    if (gpu) {
      args.addAll(
          List.of(
              // No managed memory: the CPU group's slots ask for some, so only actor pools land
              // here.
              "-D",
              "taskmanager.memory.managed.size=0m",
              "-D",
              "external-resources=gpu",
              "-D",
              "external-resource.gpu.amount=" + spec.gpusEach(),
              "-D",
              "external-resource.gpu.driver-factory.class="
                  + (spec.fakeGpus()
                      ? SimulatedGpuDriverFactory.class.getName()
                      : "org.apache.flink.externalresource.gpu.GPUDriverFactory")));
    }
    launch(id, "org.apache.flink.runtime.taskexecutor.TaskManagerRunner", TM_JVM, args);
  }

  /**
   * Starts one more TaskManager (a replacement for a lost one, or more capacity), named {@code
   * cpu-N} / {@code gpu-N} after those started so far, and waits until it has registered.
   */
  public Node startTaskManager(boolean gpu) throws IOException {
    String prefix = gpu ? "gpu-" : "cpu-";
    String id = prefix + nodes.stream().filter(n -> n.id().startsWith(prefix)).count();
    launchTaskManager(id, gpu);
    Node node = nodes.get(nodes.size() - 1);
    awaitTaskManagers(1, Set.of(id), List.of(node));
    return node;
  }

  /**
   * Kills the process {@code id} with SIGKILL (no shutdown hooks run, as when a machine dies) and
   * waits for it.
   */
  public void kill(String id) throws InterruptedException {
    Node n =
        nodes.stream()
            .filter(x -> x.id().equals(id))
            .findFirst()
            .orElseThrow(
                () -> new IllegalArgumentException("no process " + id + " in this cluster"));
    n.process().destroyForcibly(); // SIGKILL on Linux and macOS
    n.process().waitFor(30, TimeUnit.SECONDS);
  }

  private void writeConfig(int rpcPort) throws IOException {
    StringBuilder yaml =
        new StringBuilder("# Written by Sluice's StandaloneCluster: loopback only.\n");
    Map<String, String> conf = new TreeMap<>(TM_MEMORY);
    conf.put("jobmanager.rpc.address", "127.0.0.1");
    conf.put("jobmanager.rpc.port", Integer.toString(rpcPort));
    conf.put("jobmanager.bind-host", "127.0.0.1");
    conf.put("jobmanager.memory.process.size", "768m");
    conf.put("taskmanager.bind-host", "127.0.0.1");
    conf.put("taskmanager.host", "127.0.0.1");
    conf.put("taskmanager.numberOfTaskSlots", Integer.toString(spec.slots()));
    conf.put("taskmanager.cpu.cores", Integer.toString(spec.slots()));
    conf.put("rest.address", "127.0.0.1");
    conf.put("rest.bind-address", "127.0.0.1");
    conf.put("rest.port", Integer.toString(restPort));
    conf.put("blob.server.port", "0");
    conf.put("io.tmp.dirs", spec.stateDir().resolve("tmp").toString());
    conf.put("slot.request.timeout", "60000");
    // Heartbeats every 1 s (Flink: 10 s): a killed TaskManager's heartbeat RPCs fail at once, so it
    // is
    // declared lost after two of them and the job restarts soon; a live but starved one (a loaded
    // machine) still gets 60 s before it counts as lost.
    conf.put("heartbeat.interval", "1000");
    conf.put("heartbeat.timeout", "60000");
    // Flink's RPC defaults (10 s asks and lookups, 20 s actor-system start) fail under load: a
    // TaskManager JVM that starts while other builds share two cores took longer than that to bring
    // up
    // its actor system and register. A killed process is still found at once (its RPCs fail), so
    // only
    // a slow live one waits longer.
    conf.put("pekko.startup-timeout", "120 s");
    conf.put("pekko.ask.timeout", "60 s");
    conf.put("pekko.lookup.timeout", "60 s");
    conf.put("pekko.tcp.timeout", "60 s");
    conf.put("cluster.registration.max-timeout", "60000");
    conf.put("taskmanager.registration.timeout", "10 min");
    // Checkpoints go to local files every process here shares, not into the JobManager's memory.
    conf.put(
        "execution.checkpointing.dir", spec.stateDir().resolve("checkpoints").toUri().toString());
    conf.putAll(spec.flinkConfig());
    for (Map.Entry<String, String> e : conf.entrySet()) {
      yaml.append(e.getKey()).append(": ").append(e.getValue()).append('\n');
    }
    Files.createDirectories(spec.stateDir().resolve("tmp"));
    Files.writeString(spec.stateDir().resolve("conf/config.yaml"), yaml.toString());
  }

  /** The SIMULATED GPU driver as a Flink plugin (plugins are found in folders, one jar each). */
  private void writeSimulatedGpuPlugin() throws IOException {
    Path dir = spec.stateDir().resolve("plugins/sluice-simulated-gpu");
    Files.createDirectories(dir);
    try (OutputStream os = Files.newOutputStream(dir.resolve("sluice-simulated-gpu.jar"));
        JarOutputStream jar = new JarOutputStream(os)) {
      for (Class<?> c :
          List.of(SimulatedGpuDriverFactory.class, SimulatedGpuDriverFactory.Device.class)) {
        String name = c.getName().replace('.', '/') + ".class";
        jar.putNextEntry(new JarEntry(name));
        try (var in = c.getClassLoader().getResourceAsStream(name)) {
          in.transferTo(jar);
        }
        jar.closeEntry();
      }
      jar.putNextEntry(
          new JarEntry(
              "META-INF/services/org.apache.flink.api.common.externalresource.ExternalResourceDriverFactory"));
      jar.write(
          (SimulatedGpuDriverFactory.class.getName() + "\n").getBytes(StandardCharsets.UTF_8));
      jar.closeEntry();
    }
  }

  private void launch(String id, String mainClass, List<String> memory, List<String> args)
      throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add(
        ClusterState.marker(
            spec.stateDir())); // first, so it survives the kernel's 4 KiB cmdline view
    cmd.addAll(memory);
    cmd.addAll(FlinkJvmOptions.MODULES);
    cmd.add("-Dlog.file=" + spec.stateDir().resolve("log/" + id + ".log"));
    cmd.add("-cp");
    cmd.add(
        String.join(File.pathSeparator, spec.classPath().stream().map(Path::toString).toList()));
    cmd.add(mainClass);
    cmd.add("--configDir");
    cmd.add(spec.stateDir().resolve("conf").toString());
    cmd.addAll(args);
    Path log = spec.stateDir().resolve("log/" + id + ".out");
    ProcessBuilder pb =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    pb.environment().put("FLINK_PLUGINS_DIR", spec.stateDir().resolve("plugins").toString());
    pb.environment().put("FLINK_CONF_DIR", spec.stateDir().resolve("conf").toString());
    Process p = pb.start();
    nodes.add(new Node(id, p, log));
    Files.writeString(
        spec.stateDir().resolve(ClusterState.PIDS),
        id + " " + p.pid() + "\n",
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
  }

  private void awaitTaskManagers(int expected) throws IOException {
    awaitTaskManagers(expected, Set.of(), nodes);
  }

  /** Waits until at least {@code expected} TaskManagers, among them {@code ids}, are registered. */
  private void awaitTaskManagers(int expected, Set<String> ids, List<Node> watched)
      throws IOException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    String last = "no answer";
    while (System.nanoTime() < deadline) {
      for (Node n : watched) {
        if (!n.process().isAlive()) {
          throw new SluiceException(
              "Flink "
                  + n.id()
                  + " exited with "
                  + n.process().exitValue()
                  + " while starting; "
                  + "log: "
                  + n.log()
                  + "\n"
                  + tail(n.log()));
        }
      }
      try {
        JsonNode tms = get(http, "/taskmanagers").path("taskmanagers");
        Set<String> registered = new HashSet<>();
        tms.forEach(tm -> registered.add(tm.path("id").asText()));
        if (tms.size() >= expected && registered.containsAll(ids)) {
          return;
        }
        last = tms.size() + " TaskManagers registered";
      } catch (IOException e) {
        last = e.toString();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SluiceException("interrupted while the Flink cluster started");
      }
      sleep(300);
    }
    throw new SluiceException(
        "the Flink cluster did not get "
            + expected
            + " TaskManagers within 90 s ("
            + last
            + "); logs in "
            + spec.stateDir().resolve("log"));
  }

  /** A GET on the cluster's REST API, as JSON. */
  public JsonNode get(String path) throws IOException, InterruptedException {
    return get(HttpClient.newHttpClient(), path);
  }

  private JsonNode get(HttpClient http, String path) throws IOException, InterruptedException {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(restAddress().resolve(path))
                .timeout(Duration.ofSeconds(5))
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IOException("GET " + path + " answered " + r.statusCode() + ": " + r.body());
    }
    return JSON.readTree(r.body());
  }

  public URI restAddress() {
    return URI.create("http://127.0.0.1:" + restPort);
  }

  public int restPort() {
    return restPort;
  }

  public List<Node> nodes() {
    return List.copyOf(nodes);
  }

  /** Stops every process this cluster started (TaskManagers first), by pid, forcibly after 20 s. */
  @Override
  public void close() {
    List<Node> reversed = new ArrayList<>(nodes);
    Collections.reverse(reversed);
    for (Node n : reversed) {
      n.process().destroy();
    }
    for (Node n : reversed) {
      try {
        if (!n.process().waitFor(20, TimeUnit.SECONDS)) {
          n.process().destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        n.process().destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
  }

  private static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SluiceException("interrupted while the Flink cluster started");
    }
  }
}
