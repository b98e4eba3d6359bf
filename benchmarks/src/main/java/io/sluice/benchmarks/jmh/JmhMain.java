package io.sluice.benchmarks.jmh;

import java.util.Arrays;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the microbenchmarks of this package in one fork: {@code -wi 2 -i 3} of 3 s each, or with
 * {@code --quick} {@code -wi 1 -i 2} of 1 s over a subset of the parameters. The fork gets Arrow's
 * {@code --add-opens} and ORT's {@code -Xss4m}. An optional regex argument narrows the set.
 */
public final class JmhMain {

  private JmhMain() {}

  public static void main(String[] args) throws Exception {
    boolean quick = Arrays.asList(args).contains("--quick");
    String include =
        Arrays.stream(args)
            .filter(a -> !a.startsWith("--"))
            .findFirst()
            .orElse(JmhMain.class.getPackageName() + ".*Bench.*");
    TimeValue time = TimeValue.seconds(quick ? 1 : 3);
    OptionsBuilder builder = new OptionsBuilder();
    if (quick) { // one or two cases per family, so the whole --quick peer run stays under 5 minutes
      builder
          .param("tokens", "40")
          .param("type", "int64", "string", "list_float")
          .param("codec", "ZSTD", "LZ4_FRAME");
    }
    Options options =
        builder
            .include(include)
            .forks(1)
            .warmupIterations(quick ? 1 : 2)
            .measurementIterations(quick ? 2 : 3)
            .warmupTime(time)
            .measurementTime(time)
            .shouldFailOnError(true)
            .jvmArgsAppend(
                "--add-opens=java.base/java.nio=ALL-UNNAMED",
                "-Xss4m",
                "-Xmx2g",
                "-Darrow.memory.debug.allocator=false")
            .build();
    new Runner(options).run();
  }
}
