package io.sluice.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The demo corpus vocabulary, read once from {@code words.txt} next to this class: common English
 * words plus rarer and technical ones, so WordPiece splits some words into several tokens as it
 * does on real text. Built in, so the demo needs no download.
 */
final class WordList {

  private static final List<String> WORDS = load();

  private WordList() {}

  static List<String> words() {
    return WORDS;
  }

  private static List<String> load() {
    try (InputStream in = WordList.class.getResourceAsStream("words.txt")) {
      if (in == null) {
        throw new IllegalStateException(
            "resource io/sluice/cli/words.txt is missing from the cli jar");
      }
      List<String> words = new ArrayList<>();
      BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        if (!line.startsWith("#")) {
          for (String w : line.trim().split("\\s+")) {
            if (!w.isEmpty()) {
              words.add(w);
            }
          }
        }
      }
      return List.copyOf(words);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the demo word list", e);
    }
  }
}
