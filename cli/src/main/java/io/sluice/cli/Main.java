package io.sluice.cli;

import io.sluice.cli.ui.UiOptions;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
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
    configureLogging(verbose, UiOptions.logLevelIn(args));
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
   * logs: warn by default, info with {@code --verbose}, lower when {@code --ui-log-level} asks for
   * lower (the dashboard's log tail can only keep the lines written); an explicit {@code -D}
   * setting wins over the default and {@code --verbose} over it.
   */
  private static void configureLogging(boolean verbose, String uiLogLevel) {
    if (verbose) {
      System.setProperty(LOG_LEVEL_PROPERTY, "info");
      lowerTo(uiLogLevel);
      return;
    }
    if (System.getProperty(LOG_LEVEL_PROPERTY) == null) {
      System.setProperty(LOG_LEVEL_PROPERTY, "warn");
    }
    lowerTo(uiLogLevel);
    // Harmless on every run: no native Hadoop codecs (pure-Java ones are used), no CUDA for DJL.
    for (String noisy : QUIET_LOGGERS) {
      System.setProperty("org.slf4j.simpleLogger.log." + noisy, "error");
    }
  }

  private static void lowerTo(String level) {
    if (level != null && lower(level, System.getProperty(LOG_LEVEL_PROPERTY))) {
      System.setProperty(LOG_LEVEL_PROPERTY, level);
    }
  }

  /** Whether slf4j level {@code a} lets more through than {@code b} (an unknown {@code b}: no). */
  static boolean lower(String a, String b) {
    List<String> levels = List.of("trace", "debug", "info", "warn", "error");
    int j = b == null ? -1 : levels.indexOf(b.toLowerCase(Locale.ROOT));
    return j >= 0 && levels.indexOf(a) < j;
  }
}
