package io.sluice.benchmarks.peers;

import io.sluice.benchmarks.jmh.JmhMain;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Runs {@link JmhMain} in a child JVM, keeps its log as {@code jmh.txt} and returns the summary
 * table.
 */
final class JmhRun {

  private JmhRun() {}

  static String run(Path results, boolean quick) throws IOException, InterruptedException {
    Path log = results.resolve("jmh.txt");
    Process p =
        new ProcessBuilder(
                ProcessHandle.current().info().command().orElse("java"),
                "-Xss4m",
                "--add-opens=java.base/java.nio=ALL-UNNAMED",
                "-cp",
                System.getProperty("java.class.path"),
                JmhMain.class.getName(),
                quick ? "--quick" : "--full")
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .start();
    int rc = p.waitFor();
    List<String> lines = Files.readAllLines(log);
    int from = -1;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith("Benchmark ")) {
        from = i;
      }
    }
    if (rc != 0 || from < 0) {
      return "JMH failed (exit " + rc + "); see " + log + "\n";
    }
    return String.join("\n", lines.subList(from, lines.size())) + "\n";
  }
}
