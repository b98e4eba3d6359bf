package io.sluice.connectors.parquet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.api.PlanException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ParquetSourceOptionsTest {

  @Test
  void defaultsAndParsedValues() {
    assertThat(ParquetSourceOptions.from(Map.of()))
        .isEqualTo(
            new ParquetSourceOptions(
                ParquetSourceOptions.DEFAULT_MAX_BATCH_ROWS,
                ParquetSourceOptions.DEFAULT_MIN_TASK_BYTES,
                true));
    assertThat(
            ParquetSourceOptions.from(
                Map.of("maxBatchRows", "333", "minTaskBytes", "1024", "vectorized", " FALSE")))
        .isEqualTo(new ParquetSourceOptions(333, 1024, false));
  }

  @Test
  void badValuesNameTheOption() {
    assertThatThrownBy(() -> ParquetSourceOptions.from(Map.of("vectorized", "no")))
        .isInstanceOf(PlanException.class)
        .hasMessage("option vectorized must be true or false, got 'no'");
    assertThatThrownBy(() -> ParquetSourceOptions.from(Map.of("maxBatchRows", "0")))
        .isInstanceOf(PlanException.class)
        .hasMessageContaining("option maxBatchRows must be in [1, ");
    assertThatThrownBy(() -> ParquetSourceOptions.from(Map.of("minTaskBytes", "big")))
        .isInstanceOf(PlanException.class)
        .hasMessage("option minTaskBytes must be a number, got 'big'");
  }
}
