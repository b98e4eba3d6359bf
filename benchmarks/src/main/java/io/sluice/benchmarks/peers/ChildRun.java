package io.sluice.benchmarks.peers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs one contender in a fresh JVM with the shared flags, logs its output to a file and parses its
 * {@link ChildReport} line. Every child gets the same {@code -Xmx} and the same flags (Arrow's and
 * Spark's {@code --add-opens} list, {@code -Xss4m} for ORT), so the JVMs differ only in classpath.
 */
public final class ChildRun {

  /** What Arrow, Spark 4 and Flink 2 need opened on JDK 17, given to every child alike. */
  static final List<String> OPENS =
      List.of(
          "java.lang",
          "java.lang.invoke",
          "java.lang.reflect",
          "java.io",
          "java.net",
          "java.nio",
          "java.util",
          "java.util.concurrent",
          "java.util.concurrent.atomic",
          "java.text",
          "java.time",
          "sun.nio.ch",
          "sun.nio.cs",
          "sun.security.action",
          "sun.util.calendar");

  private ChildRun() {}

  /**
   * The child's report fields (its last {@link ChildReport#PREFIX} line, {@code key=value} pairs),
   * plus its process wall time as {@code process}.
   *
   * @param memoryFlags the child's heap and direct-memory flags, e.g. {@code -Xmx4g}
   * @throws IOException naming {@code log} when the child timed out, failed or printed no report
   */
  public static Map<String, String> run(
      Contender c, List<String> jobArgs, List<String> memoryFlags, Path log, long timeoutSeconds)
      throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(ProcessHandle.current().info().command().orElse("java"));
    cmd.addAll(memoryFlags);
    cmd.add("-Xss4m");
    for (String pkg : OPENS) {
      cmd.add("--add-opens=java.base/" + pkg + "=ALL-UNNAMED");
    }
    cmd.add("-Djdk.reflect.useDirectMethodHandle=false");
    cmd.add("-Dio.netty.tryReflectionSetAccessible=true");
    cmd.add("-Dorg.slf4j.simpleLogger.defaultLogLevel=warn");
    cmd.add("-Darrow.memory.debug.allocator=false");
    // An @argfile, not an argument: a 15-20 KB command-line argument made these JVMs die with
    // SIGSEGV.
    Path argFile = Path.of(log + ".args");
    Files.writeString(argFile, "-cp \"" + c.classpath().replace("\\", "\\\\") + "\"\n");
    cmd.add("@" + argFile);
    cmd.add(c.mainClass());
    cmd.addAll(jobArgs);
    cmd.addAll(c.args());
    long start = System.nanoTime();
    Process p =
        new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      p.destroyForcibly().waitFor();
      throw new IOException(c.name() + " timed out after " + timeoutSeconds + " s; see " + log);
    }
    double process = (System.nanoTime() - start) / 1e9;
    String line =
        Files.readAllLines(log).stream()
            .filter(l -> l.startsWith(ChildReport.PREFIX))
            .reduce((a, b) -> b)
            .orElse(null);
    if (p.exitValue() != 0 || line == null) {
      throw new IOException(c.name() + " failed (exit " + p.exitValue() + "); see " + log);
    }
    Map<String, String> fields = new HashMap<>();
    for (String kv : line.substring(ChildReport.PREFIX.length()).trim().split(" ")) {
      int eq = kv.indexOf('=');
      fields.put(kv.substring(0, eq), kv.substring(eq + 1));
    }
    fields.put("process", Double.toString(process));
    return fields;
  }
}
