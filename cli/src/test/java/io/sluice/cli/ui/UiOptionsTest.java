package io.sluice.cli.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code --ui-log-level}: how the command line gives it, to the parser and to the launcher's own
 * logging set-up (which runs before parsing), and how a child JVM gets it.
 */
class UiOptionsTest {

  @Command(name = "job")
  static final class Job {
    @Mixin UiOptions ui;
  }

  private static UiOptions parse(String... args) {
    Job job = new Job();
    new CommandLine(job).setCaseInsensitiveEnumValuesAllowed(true).parseArgs(args);
    return job.ui;
  }

  @Test
  void theLogTailKeepsWarnAndAboveUnlessTold() {
    assertThat(parse().logLevel).isEqualTo(UiOptions.LogLevel.WARN);
    assertThat(parse().forwarded()).isEmpty();
    UiOptions info = parse("--ui-log-level", "info");
    assertThat(info.logLevel).isEqualTo(UiOptions.LogLevel.INFO);
    assertThat(info.forwarded()).containsExactly("--ui-log-level", "INFO");
    assertThat(parse("--ui", "--ui-log-level=debug").forwarded())
        .startsWith("--ui-log-level", "DEBUG", "--ui");
    assertThatThrownBy(() -> parse("--ui-log-level", "loud"))
        .isInstanceOf(CommandLine.ParameterException.class)
        .hasMessageContaining("loud");
  }

  @Test
  void theLauncherFindsTheLevelBeforeParsing() {
    assertThat(UiOptions.logLevelIn(new String[] {"run", "j.yaml", "--ui-log-level", "Info"}))
        .isEqualTo("info");
    assertThat(UiOptions.logLevelIn(new String[] {"run", "--ui-log-level=DEBUG"}))
        .isEqualTo("debug");
    assertThat(UiOptions.logLevelIn(new String[] {"run", "j.yaml"})).isNull();
    assertThat(UiOptions.logLevelIn(new String[] {"run", "--ui-log-level", "loud"})).isNull();
    // a submitted driver's own arguments are not the launcher's
    assertThat(UiOptions.logLevelIn(new String[] {"submit", "--", "--ui-log-level", "info"}))
        .isNull();
  }
}
