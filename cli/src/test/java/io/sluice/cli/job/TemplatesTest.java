package io.sluice.cli.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplatesTest {

  private static String at(String date, String text) {
    return new Templates(LocalDate.parse(date), Map.of("region", "eu", "bucket", "corpus"))
        .resolve(text);
  }

  @Test
  void dateDefaultFormatAndPatterns() {
    assertThat(at("2026-12-01", "in/${date}/x")).isEqualTo("in/2026-12-01/x");
    assertThat(at("2026-12-01", "in/${date:yyyy/MM/dd}")).isEqualTo("in/2026/12/01");
    assertThat(at("2026-12-01", "${date - 1d:yyyyMMdd}-${ date + 1d }"))
        .isEqualTo("20261130-2026-12-02");
  }

  @Test
  void dayStepsCrossMonthAndYearEndsAndLeapDays() {
    assertThat(at("2026-03-01", "${date - 1d}")).isEqualTo("2026-02-28");
    assertThat(at("2028-03-01", "${date - 1d}")).isEqualTo("2028-02-29");
    assertThat(at("2026-12-31", "${date + 1d}")).isEqualTo("2027-01-01");
    assertThat(at("2027-01-01", "${date - 1d}")).isEqualTo("2026-12-31");
    assertThat(at("2028-02-28", "${date + 1d}")).isEqualTo("2028-02-29");
    assertThat(at("2026-12-01", "${date - 2w}")).isEqualTo("2026-11-17");
  }

  @Test
  void monthAndYearStepsClampToTheMonthsLastDay() {
    assertThat(at("2026-03-31", "${date - 1m}")).isEqualTo("2026-02-28");
    assertThat(at("2028-03-31", "${date - 1m}")).isEqualTo("2028-02-29");
    assertThat(at("2026-01-31", "${date + 3m}")).isEqualTo("2026-04-30");
    assertThat(at("2028-02-29", "${date + 1y}")).isEqualTo("2029-02-28");
    assertThat(at("2028-02-29", "${date - 4y}")).isEqualTo("2024-02-29");
  }

  @Test
  void paramsAndEscapes() {
    assertThat(at("2026-12-01", "s3a://${param.bucket}/${param.region}/${date}"))
        .isEqualTo("s3a://corpus/eu/2026-12-01");
    assertThat(at("2026-12-01", "literal $${date} and ${date}"))
        .isEqualTo("literal ${date} and 2026-12-01");
    assertThat(at("2026-12-01", "no placeholders $ {date}")).isEqualTo("no placeholders $ {date}");
  }

  @Test
  void unknownPlaceholdersParamsAndPatternsSayWhatIsExpected() {
    assertThatThrownBy(() -> at("2026-12-01", "${param.missing}"))
        .hasMessageContaining("${param.missing}")
        .hasMessageContaining("--set missing=VALUE")
        .hasMessageContaining("known:");
    assertThatThrownBy(() -> at("2026-12-01", "${yesterday}"))
        .hasMessageContaining("${yesterday}")
        .hasMessageContaining("${date - 1d}");
    assertThatThrownBy(() -> at("2026-12-01", "${date + 1h}"))
        .hasMessageContaining("unknown placeholder");
    assertThatThrownBy(() -> at("2026-12-01", "${date:yyyy-MM-dd HH:mm}"))
        .hasMessageContaining("bad date pattern")
        .hasMessageContaining("yyyy/MM/dd");
  }
}
