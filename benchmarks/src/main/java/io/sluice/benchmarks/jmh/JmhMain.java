package io.sluice.benchmarks.jmh;

import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the microbenchmarks of this package with short settings ({@code -f 1 -wi 2 -i 3} of 3 s; {@code -wi 1 -i 2} of 1 s
 * iterations with {@code --quick}, 3 s otherwise). The fork gets Arrow's {@code --add-opens} and ORT's
 * {@code -Xss4m}. An optional regex argument narrows the set.
 */
public final class JmhMain {

  private JmhMain() {}

  public static void main(String[] args) throws Exception {
    boolean quick = java.util.Arrays.asList(args).contains("--quick");
    String include = java.util.Arrays.stream(args).filter(a -> !a.startsWith("--")).findFirst()
        .orElse(JmhMain.class.getPackageName() + ".*Bench.*");
    TimeValue time = TimeValue.seconds(quick ? 1 : 3);
    Options options = new OptionsBuilder().include(include).forks(1).warmupIterations(quick ? 1 : 2)
        .measurementIterations(quick ? 2 : 3)
        .warmupTime(time).measurementTime(time).shouldFailOnError(true)
        .jvmArgsAppend("--add-opens=java.base/java.nio=ALL-UNNAMED", "-Xss4m", "-Xmx2g",
            "-Darrow.memory.debug.allocator=false")
        .build();
    new Runner(options).run();
  }
}
