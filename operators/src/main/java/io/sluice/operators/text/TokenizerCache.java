package io.sluice.operators.text;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Parsed tokenizers shared by every task in the JVM. Parsing a 700 KB {@code tokenizer.json} takes
 * tens of milliseconds, and stateless tasks may build a UDF per block, so each distinct (source,
 * options) is parsed once. DJL tokenizers are immutable and thread-safe for encoding, so sharing is
 * safe; they live as long as the JVM (a handful per job at most).
 */
final class TokenizerCache {

  private static final Map<Key, HuggingFaceTokenizer> TOKENIZERS = new ConcurrentHashMap<>();

  private TokenizerCache() {}

  record Key(TokenizerSource source, int maxLength, boolean truncation, boolean addSpecialTokens) {}

  static HuggingFaceTokenizer get(Key key) {
    return TOKENIZERS.computeIfAbsent(key, TokenizerCache::load);
  }

  private static HuggingFaceTokenizer load(Key key) {
    // Per-row lists are variable length, so padding is off; truncation follows the op, not the
    // file.
    Map<String, String> options =
        Map.of(
            "padding", "false",
            "truncation", Boolean.toString(key.truncation()),
            "maxLength", Integer.toString(key.maxLength()),
            "addSpecialTokens", Boolean.toString(key.addSpecialTokens()));
    try (InputStream in = key.source().open()) {
      return HuggingFaceTokenizer.newInstance(in, options);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot read tokenizer " + key.source() + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "tokenizer "
              + key.source()
              + " is not a valid Hugging Face tokenizer.json: "
              + e.getMessage(),
          e);
    }
  }
}
