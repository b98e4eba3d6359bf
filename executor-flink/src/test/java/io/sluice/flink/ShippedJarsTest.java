package io.sluice.flink;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * More jars than Flink's REST upload takes (netty's ~128 form fields) become at most {@link
 * ShippedJars#MAX_FILES} files with every entry; service files are concatenated.
 */
class ShippedJarsTest {

  @TempDir Path dir;

  private Path jar(int i, int padding) throws Exception {
    Path jar = dir.resolve("lib-" + i + ".jar");
    try (OutputStream os = Files.newOutputStream(jar);
        JarOutputStream out = new JarOutputStream(os)) {
      out.putNextEntry(new JarEntry("lib" + i + "/Thing.class"));
      byte[] bytes = new byte[padding];
      new Random(i).nextBytes(bytes); // incompressible: the jar's size follows the padding
      out.write(bytes);
      out.closeEntry();
      out.putNextEntry(new JarEntry("META-INF/services/io.sluice.Spi"));
      out.write(("impl.Provider" + i).getBytes(StandardCharsets.UTF_8));
      out.closeEntry();
      out.putNextEntry(new JarEntry("shared.txt"));
      out.write(("from " + i).getBytes(StandardCharsets.UTF_8));
      out.closeEntry();
    }
    return jar;
  }

  @Test
  void fewJarsTravelAsTheyAre() throws Exception {
    List<Path> jars = List.of(jar(1, 10), jar(2, 10));
    assertThat(ShippedJars.forUpload(jars)).isEqualTo(jars);
  }

  @Test
  void manyJarsAreMergedIntoAtMostMaxFilesKeepingEveryEntryAndService() throws Exception {
    List<Path> jars = new ArrayList<>();
    for (int i = 0; i < 150; i++) {
      jars.add(jar(i, 1000 + 100 * i)); // later jars are larger: they travel as they are
    }
    List<Path> shipped = ShippedJars.forUpload(jars);
    assertThat(shipped).hasSize(ShippedJars.MAX_FILES);
    assertThat(shipped).containsAll(jars.subList(51, 150));
    Set<String> classes = new HashSet<>();
    Set<String> providers = new HashSet<>();
    for (Path p : shipped) {
      try (JarFile f = new JarFile(p.toFile())) {
        f.stream().map(JarEntry::getName).filter(n -> n.endsWith(".class")).forEach(classes::add);
        JarEntry services = f.getJarEntry("META-INF/services/io.sluice.Spi");
        String text = new String(f.getInputStream(services).readAllBytes(), StandardCharsets.UTF_8);
        text.lines().filter(l -> !l.isBlank()).forEach(providers::add);
      }
    }
    assertThat(classes).hasSize(150);
    assertThat(providers).hasSize(150);
    Path merged = shipped.get(shipped.size() - 1);
    try (JarFile f = new JarFile(merged.toFile())) {
      assertThat(new String(f.getInputStream(f.getJarEntry("shared.txt")).readAllBytes()))
          .as("the first copy on the class path wins")
          .isEqualTo("from 0");
    }
  }
}
