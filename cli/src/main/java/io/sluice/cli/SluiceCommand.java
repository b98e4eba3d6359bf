package io.sluice.cli;

import io.sluice.cli.ui.UiCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** The root {@code sluice} command: global options and the subcommands. */
@Command(
    name = "sluice",
    mixinStandardHelpOptions = true,
    versionProvider = SluiceCommand.Version.class,
    description = "Sluice: streaming batch inference for the JVM.",
    subcommands = {
      DemoCommand.class,
      EngineDemoCommand.class,
      RunCommand.class,
      SubmitCommand.class,
      ClusterCommand.class,
      UiCommand.class,
      HelpCommand.class
    })
final class SluiceCommand implements Runnable {

  @Spec CommandSpec spec;

  @Option(
      names = "--verbose",
      scope = ScopeType.INHERIT,
      description = "Log at info level and print stack traces of errors.")
  boolean verbose;

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "Missing subcommand: try 'sluice demo'");
  }

  /** The version from the jar manifest, or "dev" when run from classes. */
  static final class Version implements IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = SluiceCommand.class.getPackage().getImplementationVersion();
      return new String[] {"sluice " + (v == null ? "dev" : v)};
    }
  }
}
