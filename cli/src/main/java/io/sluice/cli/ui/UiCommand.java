package io.sluice.cli.ui;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code sluice ui --reports DIR}: serves past run reports (a list, filters, a page per run) until
 * stopped.
 */
@Command(
    name = "ui",
    sortOptions = false,
    mixinStandardHelpOptions = true,
    description = {
      "Serve past runs' reports (the run-report.json files under DIR) as a web dashboard: a list"
          + " filtered by job and outcome, one page per run with its charts. Runs until stopped (Ctrl-C)."
    })
public final class UiCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Option(
      names = "--reports",
      paramLabel = "DIR",
      required = true,
      description = "The directory holding run reports (searched recursively).")
  Path reports;

  @Option(
      names = "--port",
      paramLabel = "PORT",
      description =
          "The port (default: ${DEFAULT-VALUE}; a busy one"
              + " falls back to a free one; 0: any free port).")
  int port = UiOptions.DEFAULT_PORT;

  @Option(
      names = "--host",
      paramLabel = "HOST",
      description =
          "The address to bind (default: ${DEFAULT-VALUE});"
              + " any other than loopback needs the token the printed URL carries.")
  String host = "127.0.0.1";

  @Option(
      names = "--token",
      paramLabel = "TOKEN",
      description =
          "The token every request must carry (default:"
              + " none on loopback, a random one elsewhere).")
  String token;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    UiOptions options = new UiOptions();
    options.host = host;
    options.token = token;
    UiServer server =
        UiServer.start(new ReportDirectory(reports), host, port, options.effectiveToken());
    out.println("sluice ui: run reports under " + reports + " on " + server.url());
    out.flush();
    Runtime.getRuntime().addShutdownHook(new Thread(server::close, "sluice-ui-stop"));
    new CountDownLatch(1).await(); // until the process is stopped
    return 0;
  }
}
