package io.sluice.inference;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Deterministic test sentences of varied length, built from templates so they read like text. */
final class Texts {

  private static final String[] SUBJECTS = {
    "The old fisherman",
    "A young engineer",
    "Our neighbour's dog",
    "The city council",
    "My grandmother",
    "A small startup",
    "The orchestra",
    "Every student in the class",
    "The night train",
    "A curious child",
    "The research team",
    "The new manager"
  };
  private static final String[] VERBS = {
    "repaired",
    "painted",
    "sold",
    "discovered",
    "ignored",
    "celebrated",
    "photographed",
    "described",
    "rebuilt",
    "questioned",
    "borrowed",
    "studied"
  };
  private static final String[] OBJECTS = {
    "the broken bicycle",
    "a forgotten letter",
    "the quarterly report",
    "an ancient map",
    "the garden fence",
    "a cheap laptop",
    "the harbour lights",
    "a recipe for bread",
    "the election results",
    "a mysterious painting",
    "the mountain trail",
    "an unpaid invoice"
  };
  private static final String[] TAILS = {
    "before the storm arrived",
    "while everyone else was asleep",
    "with surprising patience",
    "during the long summer holidays",
    "after a heated discussion",
    "to the delight of the crowd",
    "despite the freezing rain",
    "for the third time this year",
    "without telling anyone",
    "as the sun went down over the quiet bay"
  };

  private Texts() {}

  /**
   * {@code n} sentences of 1 to 6 clauses (about 5 to 60 words); every {@code nullEvery}-th is
   * null.
   */
  static List<String> varied(int n, long seed, int nullEvery) {
    SplittableRandom rnd = new SplittableRandom(seed);
    List<String> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      if (nullEvery > 0 && i % nullEvery == nullEvery - 1) {
        out.add(null);
        continue;
      }
      int clauses = 1 + rnd.nextInt(rnd.nextInt(4) == 0 ? 6 : 2);
      StringBuilder sb = new StringBuilder();
      for (int c = 0; c < clauses; c++) {
        sb.append(c == 0 ? "" : rnd.nextBoolean() ? " Then " : " Meanwhile, ");
        String subject = pick(rnd, SUBJECTS);
        sb.append(
                c == 0 ? subject : Character.toLowerCase(subject.charAt(0)) + subject.substring(1))
            .append(' ')
            .append(pick(rnd, VERBS))
            .append(' ')
            .append(pick(rnd, OBJECTS));
        if (rnd.nextBoolean()) {
          sb.append(' ').append(pick(rnd, TAILS));
        }
        sb.append('.');
      }
      out.add(sb.toString());
    }
    return out;
  }

  private static String pick(SplittableRandom rnd, String[] options) {
    return options[rnd.nextInt(options.length)];
  }
}
