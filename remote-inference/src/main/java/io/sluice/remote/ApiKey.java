package io.sluice.remote;

import io.sluice.api.PlanException;
import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the API key comes from: an environment variable, a secrets file, or nowhere. The spec
 * (which is serialized into the plan and shown in explain/stats) holds only this description; the
 * key itself is read by {@link #resolve()} when an actor starts and is never part of a message, log
 * or dead letter.
 */
public final class ApiKey implements Serializable {

  private static final long serialVersionUID = 1L;
  private static final ApiKey NONE = new ApiKey(null, null);

  private final String env;
  private final String file;

  private ApiKey(String env, String file) {
    this.env = env;
    this.file = file;
  }

  /** No Authorization header (local servers). */
  public static ApiKey none() {
    return NONE;
  }

  /** The key is the value of environment variable {@code name}. */
  public static ApiKey fromEnv(String name) {
    if (name == null || name.isBlank()) {
      throw new IllegalArgumentException("apiKey environment variable name must not be blank");
    }
    return new ApiKey(name, null);
  }

  /** The key is the content of {@code file} (trimmed), e.g. a mounted Kubernetes secret. */
  public static ApiKey fromFile(Path file) {
    return new ApiKey(null, file.toString());
  }

  /** The key, or null for {@link #none()}; fails naming the variable or file (never the value). */
  String resolve() {
    if (env != null) {
      String v = System.getenv(env);
      if (v == null || v.isBlank()) {
        throw new PlanException(
            "remote endpoint API key: environment variable " + env + " is not set");
      }
      return v.trim();
    }
    if (file != null) {
      try {
        String v = Files.readString(Path.of(file), StandardCharsets.UTF_8).trim();
        if (v.isEmpty()) {
          throw new PlanException("remote endpoint API key file " + file + " is empty");
        }
        return v;
      } catch (IOException e) {
        throw new PlanException("remote endpoint API key file " + file + " cannot be read: " + e);
      }
    }
    return null;
  }

  /**
   * {@code text} with every occurrence of {@code key} masked (a server may echo the header back).
   */
  static String redact(String text, String key) {
    return key == null || text == null ? text : text.replace(key, "***");
  }

  @Override
  public String toString() {
    return env != null ? "env:" + env : file != null ? "file:" + file : "none";
  }
}
