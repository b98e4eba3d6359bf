package io.sluice.connectors.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * Every single-bit flip and every cut of a checkpoint record is refused, never read as another
 * record.
 */
class CheckpointRecordTest {

  private static byte[] record() {
    Properties p = new Properties();
    p.setProperty("split", "file:/data/in/part-0.parquet#rg=3");
    p.setProperty("results", "1");
    p.setProperty("0.task", "12");
    p.setProperty("0.attempt", "0");
    p.setProperty("0.rows", "1000");
    p.setProperty("0.bytes", "8123");
    p.setProperty("0.files", "part-00012-a0-0-job.parquet");
    return CheckpointRecord.encode(p);
  }

  @Test
  void roundTrips() {
    Properties p = CheckpointRecord.decode(record());
    assertThat(p.getProperty("0.rows")).isEqualTo("1000");
    assertThat(p.getProperty("split")).isEqualTo("file:/data/in/part-0.parquet#rg=3");
  }

  @Test
  void everyFlippedBitIsRefused() {
    byte[] good = record();
    for (int i = 0; i < good.length; i++) {
      for (int bit = 0; bit < 8; bit++) {
        byte[] bad = good.clone();
        bad[i] ^= (byte) (1 << bit);
        int at = i;
        int b = bit;
        assertThatThrownBy(() -> CheckpointRecord.decode(bad))
            .as("bit %d of byte %d", b, at)
            .isInstanceOf(IllegalArgumentException.class);
      }
    }
  }

  @Test
  void everyCutIsRefused() {
    byte[] good = record();
    for (int n = 0; n < good.length; n++) {
      int len = n;
      assertThatThrownBy(() -> CheckpointRecord.decode(Arrays.copyOf(good, len)))
          .as("first %d bytes", len)
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThatThrownBy(() -> CheckpointRecord.decode(Arrays.copyOf(good, good.length - 5)))
        .hasMessageContaining("cut short");
  }

  @Test
  void aRecordWithoutHeaderIsRefused() {
    assertThatThrownBy(
            () ->
                CheckpointRecord.decode(
                    "split=x\nresults=0\n".getBytes(StandardCharsets.ISO_8859_1)))
        .hasMessageContaining("no 'sluice-checkpoint' header");
  }
}
