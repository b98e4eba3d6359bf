package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ByteSizeTest {

  @Test
  void parsesBinaryUnits() {
    assertThat(ByteSize.parse("512m")).isEqualTo(512L << 20);
    assertThat(ByteSize.parse("2G")).isEqualTo(2L << 30);
    assertThat(ByteSize.parse("1.5g")).isEqualTo(3L << 29);
    assertThat(ByteSize.parse("64KiB")).isEqualTo(64L << 10);
    assertThat(ByteSize.parse("1000")).isEqualTo(1000);
  }

  @Test
  void rejectsNonsenseWithAnExample() {
    assertThatThrownBy(() -> ByteSize.parse("lots"))
        .hasMessageContaining("'lots'")
        .hasMessageContaining("512m");
    assertThatThrownBy(() -> ByteSize.parse("-1g")).hasMessageContaining("positive");
    assertThatThrownBy(() -> ByteSize.parse("0")).hasMessageContaining("positive");
  }
}
