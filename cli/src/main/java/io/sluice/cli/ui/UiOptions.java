package io.sluice.cli.ui;

import io.sluice.api.JobStats;
import io.sluice.api.Sluice;
import io.sluice.cli.job.RunReport;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import picocli.CommandLine.Option;

/** The dashboard options of the job commands: {@code --ui}, its port, host and token. */
public final class UiOptions {

  /** Spark's UI port: free on most machines; a busy one falls back to any free port. */
  public static final int DEFAULT_PORT = 4040;

  @Option(
      names = "--ui",
      description =
          "Serve a live web dashboard of the run (operators, memory, throughput,"
              + " actors) while it lasts; its URL is printed at start.")
  boolean enabled;

  @Option(
      names = "--ui-port",
      paramLabel = "PORT",
      description =
          "The dashboard's port (default: ${DEFAULT-VALUE};"
              + " a busy one falls back to a free one; 0: any free port).")
  int port = DEFAULT_PORT;

  @Option(
      names = "--ui-host",
      paramLabel = "HOST",
      description =
          "The address the dashboard binds (default:"
              + " ${DEFAULT-VALUE}). Any other than loopback needs the token the printed URL carries.")
  String host = "127.0.0.1";

  @Option(
      names = "--ui-token",
      paramLabel = "TOKEN",
      description =
          "The token every dashboard request must carry"
              + " (default: none on loopback, a random one elsewhere).")
  String token;

  /**
   * The lowest level of log line the dashboard's log tail (and the report's {@code logs}) keeps.
   */
  public enum LogLevel {
    TRACE,
    DEBUG,
    INFO,
    WARN,
    ERROR
  }

  /** The option that {@link io.sluice.cli.Main} also reads, to have such lines written at all. */
  public static final String LOG_LEVEL_OPTION = "--ui-log-level";

  @Option(
      names = LOG_LEVEL_OPTION,
      paramLabel = "LEVEL",
      description =
          "The lowest level the dashboard's log tail and the report's logs keep: trace, debug, info,"
              + " warn or error (default: ${DEFAULT-VALUE}). Below warn, the launcher also logs"
              + " those lines on stderr.")
  LogLevel logLevel = LogLevel.WARN;

  /**
   * Starts watching the run (always: the visual report's charts come from it) and, with {@code
   * --ui}, its dashboard, whose URL goes to {@code err}. A dashboard that cannot start is a
   * warning, not a failure of the run.
   */
  public LiveRun start(
      String id,
      String name,
      Sluice sluice,
      Function<JobStats, RunReport.Run> running,
      PrintWriter err) {
    return serve(LiveRun.start(id, name, sluice, running), err);
  }

  /** With {@code --ui}, serves {@code live} (its URL to {@code err}); answers {@code live}. */
  public LiveRun serve(LiveRun live, PrintWriter err) {
    live.logLevel(logLevel.name());
    if (enabled) {
      try {
        UiServer server = UiServer.start(live, host, port, effectiveToken());
        live.servedBy(server);
        err.println("sluice: dashboard on " + server.url());
      } catch (IOException | IllegalArgumentException e) {
        err.println(
            "sluice: cannot serve the dashboard on " + host + ":" + port + ": " + e.getMessage());
      }
      err.flush();
    }
    return live;
  }

  /**
   * As {@link #start} for a command without a job file ({@code demo}, {@code engine-demo}): the run
   * is named after the command, its id the command and the time it started.
   */
  public LiveRun start(String command, Sluice sluice, PrintWriter err) {
    Instant start = Instant.now();
    String id =
        command
            + "-"
            + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC).format(start);
    String v = UiOptions.class.getPackage().getImplementationVersion();
    long budget = sluice.options().resources().memoryBudgetBytes().orElse(0);
    return start(
        id,
        command,
        sluice,
        s ->
            new RunReport.Run(
                null,
                command,
                v == null ? "dev" : v,
                "local",
                start,
                Instant.now(),
                -1,
                RunReport.RUNNING,
                null,
                null,
                s,
                null,
                budget,
                false,
                null),
        err);
  }

  /** These options as command-line arguments, for a child JVM that serves the dashboard instead. */
  public List<String> forwarded() {
    List<String> a = new ArrayList<>();
    if (logLevel != LogLevel.WARN) { // the child's report keeps its log tail, --ui or not
      a.addAll(List.of(LOG_LEVEL_OPTION, logLevel.name()));
    }
    if (!enabled) {
      return a;
    }
    a.addAll(List.of("--ui", "--ui-port", Integer.toString(port), "--ui-host", host));
    if (token != null) {
      a.addAll(List.of("--ui-token", token));
    }
    return a;
  }

  /**
   * The level {@code args} give {@value #LOG_LEVEL_OPTION} ({@code --ui-log-level info} or {@code
   * --ui-log-level=info}), lower case, or null when they give none or no known one (the parser then
   * reports it).
   */
  public static String logLevelIn(String[] args) {
    String value = null;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals(LOG_LEVEL_OPTION) && i + 1 < args.length) {
        value = args[i + 1];
      } else if (args[i].startsWith(LOG_LEVEL_OPTION + "=")) {
        value = args[i].substring(LOG_LEVEL_OPTION.length() + 1);
      } else if (args[i].equals("--")) {
        break; // a submitted driver's own arguments
      }
    }
    if (value == null) {
      return null;
    }
    for (LogLevel l : LogLevel.values()) {
      if (l.name().equalsIgnoreCase(value)) {
        return l.name().toLowerCase(Locale.ROOT);
      }
    }
    return null;
  }

  /** The token to require: the one given, else a random one on a non-loopback host, else none. */
  String effectiveToken() throws IOException {
    if (token != null && !token.isEmpty()) {
      return token;
    }
    return InetAddress.getByName(host).isLoopbackAddress() ? null : newToken();
  }

  static String newToken() {
    byte[] b = new byte[16];
    new SecureRandom().nextBytes(b);
    return HexFormat.of().formatHex(b);
  }
}
