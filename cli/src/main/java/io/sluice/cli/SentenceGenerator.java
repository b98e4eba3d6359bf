package io.sluice.cli;

import java.io.Serializable;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Deterministic sentence-like text for row {@code id}: the same (seed, id) always gives the same
 * text, whichever thread or task generates it, so a generated corpus is reproducible.
 *
 * <p>Mix, exact in every 100 consecutive ids: {@value #NULL_PERCENT}% null; {@value #LONG_PERCENT}%
 * long (100-220 words, mostly over 128 tokens and some over the model's 256, so truncation is
 * exercised); the rest 5-60 words, split into sentences of 4-14 words with a capital, the odd comma
 * and a full stop.
 */
final class SentenceGenerator implements Serializable {

  private static final long serialVersionUID = 1L;
  static final int NULL_PERCENT = 1;
  static final int LONG_PERCENT = 3;

  private final long seed;

  SentenceGenerator(long seed) {
    this.seed = seed;
  }

  /** The text of row {@code id}, or null for about one row in a hundred. */
  String text(long id) {
    SplittableRandom rnd = new SplittableRandom(mix(seed, id));
    // Exactly 1 null and 3 long rows in every 100 consecutive ids, so even tiny corpora have both.
    int kind = (int) Math.floorMod(id * 37 + seed, 100L);
    if (kind < NULL_PERCENT) {
      return null;
    }
    int words = kind < NULL_PERCENT + LONG_PERCENT ? rnd.nextInt(100, 221) : rnd.nextInt(5, 61);
    return sentences(rnd, words);
  }

  private static String sentences(SplittableRandom rnd, int words) {
    List<String> vocab = WordList.words();
    StringBuilder sb = new StringBuilder(words * 7);
    int left = words;
    while (left > 0) {
      int n = Math.min(left, rnd.nextInt(4, 15));
      for (int i = 0; i < n; i++) {
        String w = vocab.get(rnd.nextInt(vocab.size()));
        if (i == 0) {
          w = Character.toUpperCase(w.charAt(0)) + w.substring(1);
        }
        sb.append(w);
        if (i == n - 1) {
          sb.append('.');
        } else if (rnd.nextInt(10) == 0) {
          sb.append(',');
        }
        sb.append(' ');
      }
      left -= n;
    }
    sb.setLength(sb.length() - 1);
    return sb.toString();
  }

  /** SplitMix64 finaliser over (seed, id), so neighbouring ids get unrelated streams. */
  static long mix(long seed, long id) {
    long z = seed * 0x9E3779B97F4A7C15L + id;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
