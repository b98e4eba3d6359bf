package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.NoSuchFileException;
import org.junit.jupiter.api.Test;

class ErrorReportTest {

  @Test
  void joinsTheCauseChainSkippingRepeatsOnOneLine() {
    Exception root = new NoSuchFileException("/data/x.parquet");
    Exception mid = new IllegalStateException("reading /data/x.parquet failed", root);
    Exception top = new RuntimeException("job 3 failed\nin ReadParquet", mid);
    assertThat(ErrorReport.of(top))
        .isEqualTo("job 3 failed in ReadParquet; caused by: reading /data/x.parquet failed");

    Exception wrapped = new RuntimeException(new IllegalArgumentException("bad"));
    assertThat(ErrorReport.of(wrapped)).isEqualTo("java.lang.IllegalArgumentException: bad");
  }

  @Test
  void keepsTheTypeOfIoErrorsAndOfMessagelessOnes() {
    assertThat(ErrorReport.of(new RuntimeException("open failed", new NoSuchFileException("/y"))))
        .isEqualTo("open failed; caused by: NoSuchFileException: /y");
    assertThat(ErrorReport.of(new NullPointerException())).isEqualTo("NullPointerException");
  }
}
