package io.sluice.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SentenceGeneratorTest {

  @Test
  void sameSeedAndIdGiveTheSameTextAndOtherSeedsDiffer() {
    SentenceGenerator a = new SentenceGenerator(42);
    assertThat(new SentenceGenerator(42).text(7)).isEqualTo(a.text(7));
    assertThat(new SentenceGenerator(43).text(7)).isNotEqualTo(a.text(7));
  }

  @Test
  void mixesShortLongAndNullTexts() {
    SentenceGenerator g = new SentenceGenerator(1);
    int nulls = 0;
    int longOnes = 0;
    int n = 10_000;
    for (int id = 0; id < n; id++) {
      String t = g.text(id);
      if (t == null) {
        nulls++;
        continue;
      }
      int words = t.split(" ").length;
      assertThat(words).isBetween(5, 220);
      assertThat(t).matches("[A-Z0-9#@].*\\.");
      if (words >= 100) {
        longOnes++;
      }
    }
    assertThat(nulls).isEqualTo(100);
    assertThat(longOnes).isEqualTo(300);
  }
}
