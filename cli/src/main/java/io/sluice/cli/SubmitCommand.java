package io.sluice.cli;

import io.sluice.api.JobStats;
import io.sluice.api.spi.WriteResult;
import io.sluice.cli.job.RunReport;
import io.sluice.cli.ui.LiveRun;
import io.sluice.cli.ui.UiOptions;
import io.sluice.connectors.fs.FsConfig;
import io.sluice.flink.FlinkBackendFactory;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code sluice submit --jar app.jar --class com.acme.Main [--cluster HOST:PORT] -- ARGS}: runs a
 * user's driver {@code main} in a child JVM ({@link DriverJvm}: the launcher's flags and classes,
 * the driver's jars on top), on the local backend or the Flink cluster, and ends like {@code sluice
 * run}: the same exit codes, a run report and a one-line summary, also when the driver calls {@code
 * System.exit} or dies. Inside the driver, {@code Sluice.local()} opens the backend chosen here
 * ({@link SubmittedBackends}).
 */
@Command(
    name = "submit",
    sortOptions = false,
    mixinStandardHelpOptions = true,
    description = {
      "Run a driver main from your jar: java's flags and Sluice's classes come from the launcher.",
      "Inside the driver, Sluice.local() runs on the backend chosen here (this JVM, or --cluster)."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:the driver's main returned",
      "1:the driver failed (its exception's messages)",
      "2:bad command line: no such jar, class or main method",
      "75:a failure worth retrying later: storage unreachable or throttling, a lost cluster (EX_TEMPFAIL)",
      "n:the status the driver passed to System.exit (the report says so)"
    })
final class SubmitCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--jar",
      required = true,
      paramLabel = "JAR",
      description =
          "The driver's jar; repeat for its" + " own dependencies (Sluice's are the launcher's).")
  List<Path> jars = new ArrayList<>();

  @Option(
      names = "--class",
      required = true,
      paramLabel = "CLASS",
      description = "The class whose main to run.")
  String mainClass;

  @Option(
      names = "--cluster",
      paramLabel = "HOST:PORT",
      description =
          "Run the driver's jobs on this Flink"
              + " session cluster (JobManager REST endpoint; see 'sluice cluster start') instead of in this JVM.")
  String cluster;

  @Option(
      names = "--report",
      paramLabel = "PATH",
      description =
          "Where the run report goes (default:" + " ./<simple class name>.run-report.json).")
  String report;

  @Mixin UiOptions ui;

  @Option(
      names = "--handoff",
      hidden = true,
      paramLabel = "FILE",
      description =
          "Internal: this is the driver's"
              + " JVM; tell the supervising launcher through FILE how the driver ended.")
  Path handoff;

  @Parameters(paramLabel = "ARGS", description = "The driver's arguments (after --).")
  List<String> args = new ArrayList<>();

  private final Clock clock = Clock.systemUTC();

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    PrintWriter out = spec.commandLine().getOut();
    Instant start = clock.instant();
    String reportPath =
        report != null
            ? report
            : mainClass.substring(mainClass.lastIndexOf('.') + 1) + "." + RunReport.FILE_NAME;
    Method main;
    SubmittedBackends.DriverLoader loader;
    try {
      loader =
          new SubmittedBackends.DriverLoader(
              UserJars.urls(jars), SubmitCommand.class.getClassLoader());
      main = mainMethod(loader);
      if (cluster != null) {
        ClusterOption.check(cluster);
        System.setProperty(
            FlinkBackendFactory.ADDRESS_PROPERTY, cluster); // Sluice.backend("flink") too
      }
    } catch (IllegalArgumentException e) {
      err.println("sluice submit: " + e.getMessage());
      err.flush();
      return ExitCode.BAD_INPUT.code;
    }
    if (handoff == null) {
      return supervise(reportPath, out, err);
    }
    SubmittedBackends.begin(cluster, jars);
    // the driver's backend is known once it runs a job: the dashboard follows whichever it opened
    // last
    String id = mainClass.substring(mainClass.lastIndexOf('.') + 1);
    LiveRun live =
        ui.serve(
            LiveRun.start(
                id,
                mainClass,
                () ->
                    SubmittedBackends.last()
                        .map(SubmittedBackends.Recording::runningJobStats)
                        .orElse(List.of()),
                s -> run(start, null, null, s)),
            err);
    out.flush();
    AtomicBoolean ended = new AtomicBoolean();
    Thread onExit =
        new Thread(
            () -> {
              if (ended.compareAndSet(
                  false,
                  true)) { // System.exit in the driver: its figures so far, for the supervisor
                writeHandoff(
                    RunReport.toJson(
                        RunReport.toTree(run(start, ExitCode.FAILED, null, null), null)),
                    err);
              }
            },
            "sluice-submit-exit");
    Runtime.getRuntime().addShutdownHook(onExit);
    Thread self = Thread.currentThread();
    ClassLoader before = self.getContextClassLoader();
    self.setContextClassLoader(loader);
    Throwable failure = null;
    try {
      main.invoke(null, (Object) args.toArray(String[]::new));
    } catch (InvocationTargetException e) {
      failure = e.getCause();
    } catch (IllegalAccessException e) {
      failure = e;
    } finally {
      self.setContextClassLoader(before);
    }
    if (!ended.compareAndSet(false, true)) {
      return ExitCode.FAILED
          .code; // another thread of the driver called System.exit: the JVM is going
    }
    ExitCode code = failure == null ? ExitCode.OK : ExitCode.ofFailure(failure);
    if (failure != null) {
      err.println(
          "sluice submit "
              + mainClass
              + " failed"
              + (code == ExitCode.RETRY_LATER ? " (retry later)" : "")
              + ": "
              + ErrorReport.of(failure));
      if (Boolean.getBoolean("sluice.verbose")) {
        failure.printStackTrace(err);
      }
    }
    RunReport.Run run = run(start, code, failure, null);
    try (live) {
      live.finish(run);
      live.writeReport(reportPath, FsConfig.fromOptions(Map.of()));
    } catch (Exception e) {
      err.println(
          "sluice submit: could not write the run report " + reportPath + ": " + ErrorReport.of(e));
    }
    (failure == null ? out : err)
        .println(run.summary(reportPath).replaceFirst("^sluice run ", "sluice submit "));
    out.flush();
    err.flush();
    writeHandoff(DriverJvm.DONE, err);
    return code.code;
  }

  /**
   * The launcher's side: the driver runs in a child JVM that is this command with {@code
   * --handoff}.
   */
  private int supervise(String reportPath, PrintWriter out, PrintWriter err) {
    List<String> childArgs = new ArrayList<>();
    jars.forEach(j -> childArgs.addAll(List.of("--jar", j.toString())));
    childArgs.addAll(List.of("--class", mainClass, "--report", reportPath));
    if (cluster != null) {
      childArgs.addAll(List.of("--cluster", cluster));
    }
    childArgs.addAll(ui.forwarded()); // the dashboard runs beside the driver
    childArgs.add("--");
    childArgs.addAll(args);
    try {
      return DriverJvm.run(
          childArgs,
          description(),
          cluster == null ? "local" : "flink " + cluster,
          reportPath,
          out,
          err);
    } catch (IOException e) {
      err.println("sluice submit: cannot start the driver's JVM: " + ErrorReport.of(e));
      err.flush();
      return ExitCode.FAILED.code;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return ExitCode.FAILED.code;
    }
  }

  private void writeHandoff(String text, PrintWriter err) {
    try {
      Files.writeString(handoff, text, StandardCharsets.UTF_8);
    } catch (IOException | RuntimeException e) {
      err.println(
          "sluice submit: cannot tell the launcher how the driver ended (" + handoff + "): " + e);
      err.flush();
    }
  }

  private String description() {
    return mainClass + " (" + jars.get(0) + ")";
  }

  /**
   * The run's report: ended with {@code code}, or running ({@code code} null) at snapshot {@code
   * now}.
   */
  private RunReport.Run run(Instant start, ExitCode code, Throwable failure, JobStats now) {
    var last = SubmittedBackends.last();
    JobStats stats =
        code == null
            ? now
            : last.flatMap(SubmittedBackends.Recording::currentOrLastJobStats).orElse(null);
    WriteResult written = last.map(SubmittedBackends.Recording::written).orElse(null);
    long budget = last.map(r -> r.options().resources().memoryBudgetBytes().orElse(0)).orElse(0L);
    String backend =
        last.map(SubmittedBackends.Recording::name).orElse(cluster == null ? "local" : "flink");
    if (backend.equals("flink") && cluster != null) {
      backend = "flink " + cluster;
    }
    return new RunReport.Run(
        null,
        description(),
        version(),
        backend,
        start,
        clock.instant(),
        code == null ? -1 : code.code,
        code == null ? RunReport.RUNNING : code.outcome,
        failure == null ? null : ErrorReport.of(failure),
        failure == null ? null : failure.getClass().getName(),
        stats,
        written,
        budget,
        false,
        null);
  }

  private Method mainMethod(ClassLoader loader) {
    Class<?> c;
    try {
      c = Class.forName(mainClass, false, loader);
    } catch (ClassNotFoundException | LinkageError e) {
      throw new IllegalArgumentException(
          "--class "
              + mainClass
              + ": not found in "
              + jars
              + (e instanceof LinkageError ? " (" + e + ")" : ""));
    }
    try {
      Method m = c.getMethod("main", String[].class);
      if (!Modifier.isStatic(m.getModifiers())) {
        throw new NoSuchMethodException();
      }
      m.setAccessible(true);
      return m;
    } catch (NoSuchMethodException | RuntimeException e) {
      throw new IllegalArgumentException(
          "--class " + mainClass + ": has no public static void main(String[])");
    }
  }

  static String version() {
    return new SluiceCommand.Version().getVersion()[0].replace("sluice ", "");
  }
}
