package io.sluice.cli;

import java.net.MalformedURLException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The user's jars of {@code --jar}: checked to exist (exit 2 naming the one missing), as URLs. */
final class UserJars {

  private UserJars() {}

  /**
   * The jars as class-path URLs; IllegalArgumentException naming {@code --jar} and a file that is
   * missing.
   */
  static URL[] urls(List<Path> jars) {
    URL[] urls = new URL[jars.size()];
    for (int i = 0; i < urls.length; i++) {
      Path jar = jars.get(i);
      if (!Files.isRegularFile(jar)) {
        throw new IllegalArgumentException("--jar " + jar + ": no such file");
      }
      try {
        urls[i] = jar.toAbsolutePath().toUri().toURL();
      } catch (MalformedURLException e) {
        throw new IllegalArgumentException("--jar " + jar + ": " + e.getMessage());
      }
    }
    return urls;
  }
}
