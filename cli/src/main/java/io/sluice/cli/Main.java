package io.sluice.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Arrays;
import picocli.CommandLine;

/**
 * The {@code sluice} launcher. Exit codes: 0 success, 1 the job failed (one paragraph naming what
 * and why; {@code --verbose} adds the stack trace), 2 bad command line (picocli's usage error).
 */
public final class Main {

  static final String LOG_LEVEL_PROPERTY = "org.slf4j.simpleLogger.defaultLogLevel";

  private static final String[] QUIET_LOGGERS = {
    "org.apache.hadoop.util.NativeCodeLoader", "ai.djl.util.cuda.CudaUtils"
  };

  private Main() {}

  public static void main(String[] args) {
    System.exit(run(args, System.out, System.err));
  }

  /** Runs one command line and returns its exit code; never calls {@code System.exit}. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    boolean verbose = Arrays.asList(args).contains("--verbose");
    configureLogging(verbose);
    PrintWriter errWriter = new PrintWriter(err, true);
    CommandLine cmd =
        new CommandLine(new SluiceCommand())
            .setCaseInsensitiveEnumValuesAllowed(true)
            .setOut(new PrintWriter(out, true))
            .setErr(errWriter)
            .setExecutionExceptionHandler(
                (e, commandLine, parseResult) -> {
                  errWriter.println(
                      "sluice " + commandLine.getCommandName() + " failed: " + ErrorReport.of(e));
                  if (verbose) {
                    e.printStackTrace(errWriter);
                  } else {
                    errWriter.println("(run with --verbose for the stack trace)");
                  }
                  errWriter.flush();
                  return 1;
                });
    return cmd.execute(args);
  }

  /**
   * slf4j-simple reads its level once, when the first logger is made, so this runs before anything
   * logs: warn by default, info with {@code --verbose}; an explicit {@code -D} setting wins.
   */
  private static void configureLogging(boolean verbose) {
    if (verbose) {
      System.setProperty(LOG_LEVEL_PROPERTY, "info");
      return;
    }
    if (System.getProperty(LOG_LEVEL_PROPERTY) == null) {
      System.setProperty(LOG_LEVEL_PROPERTY, "warn");
    }
    // Harmless on every run: no native Hadoop codecs (pure-Java ones are used), no CUDA for DJL.
    for (String noisy : QUIET_LOGGERS) {
      System.setProperty("org.slf4j.simpleLogger.log." + noisy, "error");
    }
  }
}
