package io.sluice.cli;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * A user's jar, compiled and packed in the test: a UdfFactory the launcher only finds through
 * --jar.
 */
final class UserJar {

  private static final String TAGGER =
      """
      package com.acme;

      import io.sluice.api.udf.BatchUdf;
      import io.sluice.api.udf.UdfContext;
      import io.sluice.api.udf.UdfFactory;
      import io.sluice.operators.vector.ColumnAppender;
      import java.nio.charset.StandardCharsets;
      import java.util.List;
      import java.util.Map;
      import org.apache.arrow.vector.VarCharVector;

      /** Appends column tag, the same text on every row. */
      public final class Tagger implements UdfFactory {
        private final String tag;

        public Tagger(Map<String, String> options) {
          this.tag = options.getOrDefault("tag", "none");
        }

        @Override
        public String name() {
          return "Tagger";
        }

        @Override
        public BatchUdf create(UdfContext context) {
          byte[] bytes = tag.getBytes(StandardCharsets.UTF_8);
          return (input, allocator) -> {
            int rows = input.getRowCount();
            VarCharVector v = new VarCharVector("tag", allocator);
            v.allocateNew((long) rows * bytes.length, rows);
            for (int i = 0; i < rows; i++) {
              v.setSafe(i, bytes);
            }
            v.setValueCount(rows);
            return ColumnAppender.append(input, List.of(v), allocator);
          };
        }
      }
      """;

  private UserJar() {}

  static Path build(Path dir) throws Exception {
    Path jar = build(dir, "com.acme.Tagger", TAGGER);
    assertNotOnTheClassPath();
    return jar;
  }

  /**
   * Compiles {@code source} (class {@code className}) against the test class path into {@code
   * dir/app.jar}.
   */
  static Path build(Path dir, String className, String source) throws Exception {
    Path src = dir.resolve("src/" + className.replace('.', '/') + ".java");
    Path classes = dir.resolve("classes");
    Files.createDirectories(src.getParent());
    Files.createDirectories(classes);
    Files.writeString(src, source);
    JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
    int rc =
        javac.run(
            null,
            null,
            null,
            "-cp",
            System.getProperty("java.class.path"),
            "-d",
            classes.toString(),
            src.toString());
    if (rc != 0) {
      throw new AssertionError("javac failed with " + rc);
    }
    Path jar = dir.resolve("app.jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
        Stream<Path> files = Files.walk(classes)) {
      for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
        out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
        Files.copy(f, (OutputStream) out);
        out.closeEntry();
      }
    }
    return jar;
  }

  private static void assertNotOnTheClassPath() {
    try {
      Class.forName("com.acme.Tagger");
      throw new AssertionError("com.acme.Tagger must only be reachable through --jar");
    } catch (ClassNotFoundException expected) {
      // as it should be
    }
  }
}
