package io.sluice.flink;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;

/**
 * The jars a job ships to a Flink cluster, in few enough files: Flink's REST server takes a job's
 * jars as one multipart upload and refuses more than about 128 parts (netty's form-field limit,
 * "File upload failed"), while the launcher's class path holds more jars than that. Beyond {@link
 * #MAX_FILES}, the largest jars travel as they are and the rest are merged into one jar (service
 * files concatenated, signatures and manifests dropped, the first copy of any other entry kept),
 * built once per JVM.
 */
public final class ShippedJars {

  /**
   * Jars shipped as they are; well under the server's limit, leaving room for the request's own
   * fields.
   */
  public static final int MAX_FILES = 100;

  private static final Map<List<Path>, List<Path>> CACHE = new LinkedHashMap<>();

  private ShippedJars() {}

  /** {@code jars}, or at most {@link #MAX_FILES} files with the same classes. */
  public static synchronized List<Path> forUpload(List<Path> jars) {
    if (jars.size() <= MAX_FILES) {
      return jars;
    }
    return CACHE.computeIfAbsent(List.copyOf(jars), ShippedJars::merge);
  }

  private static List<Path> merge(List<Path> jars) {
    List<Path> bySize = new ArrayList<>(jars);
    bySize.sort(Comparator.comparingLong(ShippedJars::size).reversed());
    List<Path> kept = new ArrayList<>(bySize.subList(0, MAX_FILES - 1));
    List<Path> small = jars.stream().filter(j -> !kept.contains(j)).toList(); // class-path order
    try {
      Path merged = Files.createTempFile("sluice-job-libs-", ".jar");
      merged.toFile().deleteOnExit();
      write(small, merged);
      kept.add(merged);
      return List.copyOf(kept);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "could not merge " + small.size() + " jars for the Flink job: " + e.getMessage(), e);
    }
  }

  private static void write(List<Path> jars, Path target) throws IOException {
    Set<String> seen = new HashSet<>();
    Map<String, ByteArrayOutputStream> services = new LinkedHashMap<>();
    try (OutputStream os = Files.newOutputStream(target);
        JarOutputStream out = new JarOutputStream(os)) {
      for (Path jar : jars) {
        try (JarFile in = new JarFile(jar.toFile(), false)) {
          for (JarEntry e : (Iterable<JarEntry>) in.stream()::iterator) {
            String name = e.getName();
            if (e.isDirectory() || skipped(name)) {
              continue;
            }
            try (InputStream data = in.getInputStream(e)) {
              if (name.startsWith("META-INF/services/")) {
                ByteArrayOutputStream s =
                    services.computeIfAbsent(name, n -> new ByteArrayOutputStream());
                data.transferTo(s);
                s.write('\n');
              } else if (seen.add(name)) {
                out.putNextEntry(new JarEntry(name));
                data.transferTo(out);
                out.closeEntry();
              }
            }
          }
        }
      }
      for (Map.Entry<String, ByteArrayOutputStream> s : services.entrySet()) {
        out.putNextEntry(new JarEntry(s.getKey()));
        s.getValue().writeTo(out);
        out.closeEntry();
      }
    }
  }

  private static boolean skipped(String name) {
    String upper = name.toUpperCase(Locale.ROOT);
    return upper.equals("META-INF/MANIFEST.MF")
        || name.endsWith("module-info.class")
        || upper.startsWith("META-INF/")
            && (upper.endsWith(".SF")
                || upper.endsWith(".RSA")
                || upper.endsWith(".DSA")
                || upper.endsWith(".EC")
                || upper.startsWith("META-INF/SIG-"));
  }

  private static long size(Path p) {
    try {
      return Files.size(p);
    } catch (IOException e) {
      return 0;
    }
  }
}
