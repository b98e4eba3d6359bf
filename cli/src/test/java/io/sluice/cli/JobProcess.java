package io.sluice.cli;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The launcher's main class in a JVM of its own, as {@code ./sluice} starts it (same flags, memory
 * scaled down for tests), on the test class path, so exit codes, kills and overlapping runs are
 * real.
 */
final class JobProcess {

  /** The launcher's flags (./sluice), with 1 GiB instead of 4 GiB of heap and direct memory. */
  static final List<String> JVM_FLAGS =
      List.of(
          "--add-opens=java.base/java.nio=ALL-UNNAMED",
          "-Xss4m",
          "-Xmx1g",
          "-XX:MaxDirectMemorySize=1g");

  private final Process process;
  private final Path out;
  private final Path err;

  private JobProcess(Process process, Path out, Path err) {
    this.process = process;
    this.out = out;
    this.err = err;
  }

  /** Starts {@code sluice ARGS...} in {@code dir}; its stdout and stderr go to files there. */
  static JobProcess start(Path dir, String... args) throws IOException {
    return start(dir, Map.of(), args);
  }

  /** As {@link #start(Path, String...)}, with more environment variables. */
  static JobProcess start(Path dir, Map<String, String> env, String... args) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(JVM_FLAGS);
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(Main.class.getName());
    cmd.addAll(List.of(args));
    Path o = Files.createTempFile(dir, "stdout", ".txt");
    Path e = Files.createTempFile(dir, "stderr", ".txt");
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().putAll(env);
    Process p =
        pb.directory(dir.toFile())
            .redirectOutput(o.toFile())
            .redirectError(e.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .start();
    return new JobProcess(p, o, e);
  }

  /** Runs {@code sluice ARGS...} to its end (at most two minutes). */
  static Result run(Path dir, String... args) throws Exception {
    return start(dir, args).await();
  }

  Result await() throws Exception {
    return await(120);
  }

  /** Waits at most {@code seconds} for the end (then kills it and fails). */
  Result await(long seconds) throws Exception {
    if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError(
          "sluice did not finish in " + seconds + " s; stderr: " + Files.readString(err));
    }
    return new Result(
        process.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  long pid() {
    return process.pid();
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** SIGKILL, as the OOM killer or a lost node would. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /** Exit code and output. */
  record Result(int code, String out, String err) {
    @Override
    public String toString() {
      return "exit " + code + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
    }
  }
}
