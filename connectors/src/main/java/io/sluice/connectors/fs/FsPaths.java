package io.sluice.connectors.fs;

import java.io.File;
import java.net.URI;
import org.apache.hadoop.fs.Path;

/** Path conventions shared by every file connector. */
public final class FsPaths {

  private FsPaths() {}

  /**
   * A Hadoop path for a user string: a URI with a scheme ({@code file:}, {@code s3a:}...) as it is;
   * a plain path means a local file, made absolute against the working directory.
   */
  public static Path toPath(String location) {
    if (location == null || location.isBlank()) {
      throw new IllegalArgumentException("empty path");
    }
    if (hasScheme(location)) {
      return new Path(location);
    }
    // Path(scheme, authority, path) does not URI-encode glob characters such as [ or *.
    return new Path("file", null, new File(location).getAbsolutePath());
  }

  /** Whether a file or directory name is hidden from readers ({@code _SUCCESS}, staging dirs). */
  public static boolean isHidden(String name) {
    return name.startsWith("_") || name.startsWith(".");
  }

  /** Whether the path holds glob characters. */
  public static boolean hasGlob(Path path) {
    String s = path.toUri().getPath();
    return s.indexOf('*') >= 0 || s.indexOf('?') >= 0 || s.indexOf('[') >= 0 || s.indexOf('{') >= 0;
  }

  private static boolean hasScheme(String location) {
    int colon = location.indexOf(':');
    if (colon < 2) { // "C:" style drive letters and relative names are local paths
      return false;
    }
    int slash = location.indexOf('/');
    if (slash >= 0 && slash < colon) {
      return false;
    }
    try {
      return URI.create(location.replace(" ", "%20")).getScheme() != null;
    } catch (IllegalArgumentException e) {
      return location
          .substring(0, colon)
          .chars()
          .allMatch(c -> Character.isLetterOrDigit(c) || c == '+' || c == '-' || c == '.');
    }
  }
}
